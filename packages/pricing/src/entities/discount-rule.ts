import { defineEntity, p, tenantRelation } from '@rapport/core/plugin';
import { CategoryEntity } from './category.js';
import { PriceListEntity } from './price-list.js';
import { ProductEntity } from './product.js';

/** The `pricing_discount_rule` table: a discount of a list on a product, a category subtree, or all. */
export const DiscountRuleEntity = defineEntity({
  name: 'PricingDiscountRule',
  tableName: 'pricing_discount_rule',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    priceListId: p.uuid().fieldName('price_list_id').persist(false),
    name: p.text(),
    scope: p.text().$type<'product' | 'category' | 'list'>(),
    productId: p.uuid().fieldName('product_id').persist(false).nullable(),
    categoryId: p.uuid().fieldName('category_id').persist(false).nullable(),
    minQuantity: p.decimal().precision(20).scale(6).defaultRaw('1'),
    percent: p.decimal().precision(9).scale(4).nullable(),
    amount: p.decimal().precision(20).scale(6).nullable(),
    priority: p.integer().defaultRaw('0'),
    validFrom: p.date().nullable(),
    validTo: p.date().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    priceList: () => tenantRelation(PriceListEntity, 'price_list_id'),
    product: () => tenantRelation(ProductEntity, 'product_id').nullable(),
    category: () => tenantRelation(CategoryEntity, 'category_id').nullable(),
  },
  checks: [
    { name: 'pricing_discount_rule_amount_check', expression: '(amount > (0)::numeric)' },
    { name: 'pricing_discount_rule_check', expression: '((percent IS NULL) <> (amount IS NULL))' },
    {
      name: 'pricing_discount_rule_check1',
      expression: "((scope = 'product'::text) = (product_id IS NOT NULL))",
    },
    {
      name: 'pricing_discount_rule_check2',
      expression: "((scope = 'category'::text) = (category_id IS NOT NULL))",
    },
    {
      name: 'pricing_discount_rule_check3',
      expression: '((valid_to IS NULL) OR (valid_from IS NULL) OR (valid_to > valid_from))',
    },
    { name: 'pricing_discount_rule_min_quantity_check', expression: '(min_quantity > (0)::numeric)' },
    {
      name: 'pricing_discount_rule_percent_check',
      expression: '((percent > (0)::numeric) AND (percent <= (100)::numeric))',
    },
    {
      name: 'pricing_discount_rule_scope_check',
      expression: "(scope = ANY (ARRAY['product'::text, 'category'::text, 'list'::text]))",
    },
  ],
  indexes: [
    {
      name: 'pricing_discount_rule_list_idx',
      expression:
        'CREATE INDEX pricing_discount_rule_list_idx ON pricing_discount_rule USING btree (tenant_id, price_list_id)',
    },
  ],
});
