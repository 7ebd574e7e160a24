import { defineEntity, p } from '@rapport/core/plugin';

/** The `pricing_tax_rate` table: the rate (percent) of a tax class, optionally per country. */
export const TaxRateEntity = defineEntity({
  name: 'PricingTaxRate',
  tableName: 'pricing_tax_rate',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    taxClass: p.text(),
    country: p.character().length(2).nullable(),
    rate: p.decimal().precision(9).scale(4),
    validFrom: p.date(),
    validTo: p.date().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
  checks: [
    { name: 'pricing_tax_rate_check', expression: '((valid_to IS NULL) OR (valid_to >= valid_from))' },
    {
      name: 'pricing_tax_rate_rate_check',
      expression: '((rate >= (0)::numeric) AND (rate <= (100)::numeric))',
    },
  ],
  indexes: [
    {
      name: 'pricing_tax_rate_class_idx',
      expression:
        'CREATE INDEX pricing_tax_rate_class_idx ON pricing_tax_rate USING btree (tenant_id, tax_class, valid_from)',
    },
  ],
});
