import { defineEntity, p } from '@mikro-orm/core';
import { tenantRelation } from '../../kernel/relations.js';
import { PartyEntity } from './party.js';

/** The `core_party_external_key` table. */
export const PartyExternalKeyEntity = defineEntity({
  name: 'PartyExternalKey',
  tableName: 'core_party_external_key',
  properties: {
    tenantId: p.uuid().primary(),
    source: p.text().primary(),
    key: p.text().primary(),
    partyId: p.uuid().fieldName('party_id').persist(false),
    party: () => tenantRelation(PartyEntity, 'party_id'),
  },
  indexes: [
    {
      name: 'core_party_external_key_party_idx',
      expression:
        'CREATE INDEX core_party_external_key_party_idx ON core_party_external_key USING btree (tenant_id, party_id)',
    },
  ],
});
