import { defineEntity, p, TenantEntity, tenantRelation } from '@rapport/core/plugin';
import { CategoryEntity } from './category.js';

/** The `pricing_product` table: products and services of the catalogue. */
export const ProductEntity = defineEntity({
  name: 'PricingProduct',
  tableName: 'pricing_product',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    sku: p.text(),
    kind: p.text().$type<'product' | 'service'>().defaultRaw("'product'"),
    defaultLocale: p.text(),
    name: p.json<Record<string, string>>(),
    description: p.json<Record<string, string>>().defaultRaw("'{}'"),
    categoryId: p.uuid().fieldName('category_id').persist(false).nullable(),
    unit: p.text().defaultRaw("'unit'"),
    taxClass: p.text().defaultRaw("'standard'"),
    status: p.text().$type<'active' | 'archived'>().defaultRaw("'active'"),
    cost: p.decimal().precision(20).scale(6).nullable(),
    costCurrency: p.character().length(3).nullable(),
    custom: p.json<Record<string, unknown>>().defaultRaw("'{}'"),
    version: p.integer().defaultRaw('1'),
    createdAt: p.datetime().defaultRaw('now()'),
    tenant: () =>
      p.manyToOne(TenantEntity).joinColumns('tenant_id').updateRule('no action').deleteRule('no action'),
    updatedAt: p.datetime().defaultRaw('now()'),
    category: () => tenantRelation(CategoryEntity, 'category_id').nullable(),
  },
  checks: [
    { name: 'pricing_product_check', expression: '((cost IS NULL) = (cost_currency IS NULL))' },
    {
      name: 'pricing_product_kind_check',
      expression: "(kind = ANY (ARRAY['product'::text, 'service'::text]))",
    },
    {
      name: 'pricing_product_status_check',
      expression: "(status = ANY (ARRAY['active'::text, 'archived'::text]))",
    },
  ],
  indexes: [
    {
      name: 'pricing_product_category_idx',
      expression:
        'CREATE INDEX pricing_product_category_idx ON pricing_product USING btree (tenant_id, category_id)',
    },
  ],
  uniques: [
    {
      name: 'pricing_product_sku_idx',
      expression:
        'CREATE UNIQUE INDEX pricing_product_sku_idx ON pricing_product USING btree (tenant_id, sku)',
    },
  ],
});
