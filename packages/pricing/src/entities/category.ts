import { defineEntity, p, TenantEntity, tenantRelation } from '@rapport/core/plugin';

/** The `pricing_category` table: a tree of product categories. */
export const CategoryEntity = defineEntity({
  name: 'PricingCategory',
  tableName: 'pricing_category',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    code: p.text(),
    name: p.text(),
    parentId: p.uuid().fieldName('parent_id').persist(false).nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    tenant: () =>
      p.manyToOne(TenantEntity).joinColumns('tenant_id').updateRule('no action').deleteRule('no action'),
    parent: () => tenantRelation(CategoryEntity, 'parent_id').nullable(),
  },
  checks: [{ name: 'pricing_category_check', expression: '(parent_id <> id)' }],
  indexes: [
    {
      name: 'pricing_category_parent_idx',
      expression:
        'CREATE INDEX pricing_category_parent_idx ON pricing_category USING btree (tenant_id, parent_id)',
    },
  ],
  uniques: [
    {
      name: 'pricing_category_code_idx',
      expression:
        'CREATE UNIQUE INDEX pricing_category_code_idx ON pricing_category USING btree (tenant_id, code)',
    },
  ],
});
