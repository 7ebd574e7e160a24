import { defineEntity, p, tenantRelation } from '@rapport/core/plugin';
import { PriceListEntity } from './price-list.js';
import { ProductEntity } from './product.js';

/** The `pricing_price` table: one price of a product in a list, from a quantity, for a period. */
export const PriceEntity = defineEntity({
  name: 'PricingPrice',
  tableName: 'pricing_price',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    priceListId: p.uuid().fieldName('price_list_id').persist(false),
    productId: p.uuid().fieldName('product_id').persist(false),
    minQuantity: p.decimal().precision(20).scale(6).defaultRaw('1'),
    unitPrice: p.decimal().precision(20).scale(6),
    validFrom: p.date(),
    validTo: p.date().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    priceList: () => tenantRelation(PriceListEntity, 'price_list_id'),
    product: () => tenantRelation(ProductEntity, 'product_id'),
  },
  checks: [
    { name: 'pricing_price_check', expression: '((valid_to IS NULL) OR (valid_to >= valid_from))' },
    { name: 'pricing_price_min_quantity_check', expression: '(min_quantity > (0)::numeric)' },
    { name: 'pricing_price_unit_price_check', expression: '(unit_price >= (0)::numeric)' },
  ],
  indexes: [
    {
      name: 'pricing_price_lookup_idx',
      expression:
        'CREATE INDEX pricing_price_lookup_idx ON pricing_price USING btree (tenant_id, price_list_id, product_id, min_quantity, valid_from)',
    },
    {
      name: 'pricing_price_product_idx',
      expression:
        'CREATE INDEX pricing_price_product_idx ON pricing_price USING btree (tenant_id, product_id)',
    },
  ],
});
