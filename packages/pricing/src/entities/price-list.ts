import { defineEntity, p } from '@rapport/core/plugin';

/** The `pricing_price_list` table. */
export const PriceListEntity = defineEntity({
  name: 'PricingPriceList',
  tableName: 'pricing_price_list',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    name: p.text(),
    currency: p.character().length(3),
    priority: p.integer().defaultRaw('0'),
    isDefault: p.boolean().defaultRaw('false'),
    validFrom: p.date().nullable(),
    validTo: p.date().nullable(),
    archivedAt: p.datetime().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
  checks: [
    {
      name: 'pricing_price_list_check',
      expression: '((valid_to IS NULL) OR (valid_from IS NULL) OR (valid_to > valid_from))',
    },
  ],
  uniques: [
    {
      name: 'pricing_price_list_name_idx',
      expression:
        'CREATE UNIQUE INDEX pricing_price_list_name_idx ON pricing_price_list USING btree (tenant_id, name)',
    },
  ],
});
