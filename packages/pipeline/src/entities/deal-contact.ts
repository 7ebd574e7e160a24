import { defineEntity, PartyEntity, p, tenantRelation } from '@rapport/core/plugin';
import { DealEntity } from './deal.js';

/** The `pipeline_deal_contact` table. */
export const DealContactEntity = defineEntity({
  name: 'DealContact',
  tableName: 'pipeline_deal_contact',
  properties: {
    tenantId: p.uuid().primary(),
    dealId: p.uuid().fieldName('deal_id').persist(false).primary(),
    partyId: p.uuid().fieldName('party_id').persist(false).primary(),
    role: p.text().defaultRaw("'contact_person'"),
    deal: () => tenantRelation(DealEntity, 'deal_id'),
    party: () => tenantRelation(PartyEntity, 'party_id'),
  },
  indexes: [
    {
      name: 'pipeline_deal_contact_party_idx',
      expression:
        'CREATE INDEX pipeline_deal_contact_party_idx ON pipeline_deal_contact USING btree (tenant_id, party_id)',
    },
  ],
});
