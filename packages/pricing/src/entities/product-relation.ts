import { defineEntity, p, tenantRelation } from '@rapport/core/plugin';
import type { ProductRelationKind } from '../catalogue/types.js';
import { ProductEntity } from './product.js';

/** The `pricing_product_relation` table: `product_id <kind> related_id`, declared by people. */
export const ProductRelationEntity = defineEntity({
  name: 'PricingProductRelation',
  tableName: 'pricing_product_relation',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    productId: p.uuid().fieldName('product_id').persist(false),
    kind: p.text().$type<ProductRelationKind>(),
    relatedId: p.uuid().fieldName('related_id').persist(false),
    quantity: p.decimal().precision(20).scale(6).nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    product: () => tenantRelation(ProductEntity, 'product_id'),
    related: () => tenantRelation(ProductEntity, 'related_id'),
  },
  checks: [
    { name: 'pricing_product_relation_check', expression: '(product_id <> related_id)' },
    {
      name: 'pricing_product_relation_check1',
      expression: "((kind = 'bundle_contains'::text) = (quantity IS NOT NULL))",
    },
    {
      name: 'pricing_product_relation_kind_check',
      expression:
        "(kind = ANY (ARRAY['accessory_of'::text, 'alternative_to'::text, 'successor_of'::text, 'bundle_contains'::text]))",
    },
  ],
  indexes: [
    {
      name: 'pricing_product_relation_related_idx',
      expression:
        'CREATE INDEX pricing_product_relation_related_idx ON pricing_product_relation USING btree (tenant_id, related_id)',
    },
  ],
  uniques: [
    {
      name: 'pricing_product_relation_key_idx',
      expression:
        'CREATE UNIQUE INDEX pricing_product_relation_key_idx ON pricing_product_relation USING btree (tenant_id, product_id, kind, related_id)',
    },
  ],
});
