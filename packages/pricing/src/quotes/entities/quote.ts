import { defineEntity, EmployeeEntity, PartyEntity, p, tenantRelation } from '@rapport/core/plugin';

/** The `pricing_quote` table: a commercial offer as a whole (its versions hold the content). */
export const QuoteEntity = defineEntity({
  name: 'Quote',
  tableName: 'pricing_quote',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    number: p.text(),
    partyId: p.uuid().fieldName('party_id').persist(false),
    dealId: p.uuid().nullable(),
    ownerId: p.uuid().fieldName('owner_id').persist(false),
    currency: p.character().length(3),
    locale: p.text(),
    currentVersion: p.integer().defaultRaw('1'),
    version: p.integer().defaultRaw('1'),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
    party: () => tenantRelation(PartyEntity, 'party_id'),
    owner: () => tenantRelation(EmployeeEntity, 'owner_id'),
  },
  uniques: [{ name: 'pricing_quote_tenant_id_number_key', properties: ['tenantId', 'number'] }],
  indexes: [
    {
      name: 'pricing_quote_party_idx',
      expression: 'CREATE INDEX pricing_quote_party_idx ON pricing_quote USING btree (tenant_id, party_id)',
    },
    {
      name: 'pricing_quote_owner_idx',
      expression: 'CREATE INDEX pricing_quote_owner_idx ON pricing_quote USING btree (tenant_id, owner_id)',
    },
    {
      name: 'pricing_quote_deal_idx',
      expression:
        'CREATE INDEX pricing_quote_deal_idx ON pricing_quote USING btree (tenant_id, deal_id) WHERE (deal_id IS NOT NULL)',
    },
    {
      name: 'pricing_quote_created_idx',
      expression:
        'CREATE INDEX pricing_quote_created_idx ON pricing_quote USING btree (tenant_id, created_at DESC, id DESC)',
    },
  ],
});
