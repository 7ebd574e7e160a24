import { defineEntity, PartyEntity, p, SegmentEntity, tenantRelation } from '@rapport/core/plugin';
import { PriceListEntity } from './price-list.js';

/** The `pricing_price_list_assignment` table: a list assigned to a party or to a segment. */
export const PriceListAssignmentEntity = defineEntity({
  name: 'PricingPriceListAssignment',
  tableName: 'pricing_price_list_assignment',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    priceListId: p.uuid().fieldName('price_list_id').persist(false),
    partyId: p.uuid().fieldName('party_id').persist(false).nullable(),
    segmentId: p.uuid().fieldName('segment_id').persist(false).nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    priceList: () => tenantRelation(PriceListEntity, 'price_list_id'),
    party: () => tenantRelation(PartyEntity, 'party_id').nullable(),
    segment: () => tenantRelation(SegmentEntity, 'segment_id').nullable(),
  },
  checks: [
    {
      name: 'pricing_price_list_assignment_check',
      expression: '((party_id IS NULL) <> (segment_id IS NULL))',
    },
  ],
  indexes: [
    {
      name: 'pricing_price_list_assignment_list_idx',
      expression:
        'CREATE INDEX pricing_price_list_assignment_list_idx ON pricing_price_list_assignment USING btree (tenant_id, price_list_id)',
    },
  ],
  uniques: [
    {
      name: 'pricing_price_list_assignment_party_idx',
      expression:
        'CREATE UNIQUE INDEX pricing_price_list_assignment_party_idx ON pricing_price_list_assignment USING btree (tenant_id, party_id, price_list_id)',
    },
    {
      name: 'pricing_price_list_assignment_segment_idx',
      expression:
        'CREATE UNIQUE INDEX pricing_price_list_assignment_segment_idx ON pricing_price_list_assignment USING btree (tenant_id, segment_id, price_list_id)',
    },
  ],
});
