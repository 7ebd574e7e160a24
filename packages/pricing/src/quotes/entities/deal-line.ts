import { defineEntity, p, tenantRelation } from '@rapport/core/plugin';
import { ProductEntity } from '../../entities/product.js';

/**
 * The `pricing_deal_line` table: product lines of a deal (a link table keyed by the deal id, without a
 * foreign key, so pricing does not depend on the pipeline's schema).
 */
export const DealLineEntity = defineEntity({
  name: 'DealLine',
  tableName: 'pricing_deal_line',
  properties: {
    tenantId: p.uuid().primary(),
    dealId: p.uuid().primary(),
    position: p.integer().primary(),
    productId: p.uuid().fieldName('product_id').persist(false).nullable(),
    sku: p.text(),
    name: p.text(),
    quantity: p.decimal().precision(20).scale(6),
    unitPrice: p.decimal().precision(20).scale(6),
    discountPercent: p.decimal().precision(7).scale(4).nullable(),
    discount: p.decimal().precision(20).scale(4).defaultRaw('0'),
    net: p.decimal().precision(20).scale(4),
    currency: p.character().length(3),
    product: () => tenantRelation(ProductEntity, 'product_id').nullable(),
  },
  checks: [
    { name: 'pricing_deal_line_discount_check', expression: '(discount >= (0)::numeric)' },
    {
      name: 'pricing_deal_line_discount_percent_check',
      expression: '((discount_percent >= (0)::numeric) AND (discount_percent <= (100)::numeric))',
    },
    { name: 'pricing_deal_line_quantity_check', expression: '(quantity > (0)::numeric)' },
    { name: 'pricing_deal_line_unit_price_check', expression: '(unit_price >= (0)::numeric)' },
  ],
});
