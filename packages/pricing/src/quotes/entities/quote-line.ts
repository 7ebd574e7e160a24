import { defineEntity, p, tenantRelation } from '@rapport/core/plugin';
import { ProductEntity } from '../../entities/product.js';
import { QuoteVersionEntity } from './quote-version.js';

/** The `pricing_quote_line` table: a version's lines with the prices used and where they came from. */
export const QuoteLineEntity = defineEntity({
  name: 'QuoteLine',
  tableName: 'pricing_quote_line',
  properties: {
    tenantId: p.uuid().primary(),
    quoteId: p.uuid().fieldName('quote_id').persist(false).primary(),
    version: p.integer().fieldName('version').persist(false).primary(),
    position: p.integer().primary(),
    productId: p.uuid().fieldName('product_id').persist(false).nullable(),
    sku: p.text(),
    name: p.text(),
    categoryId: p.uuid().nullable(),
    quantity: p.decimal().precision(20).scale(6),
    unitPrice: p.decimal().precision(20).scale(6),
    listUnitPrice: p.decimal().precision(20).scale(6).nullable(),
    priceListId: p.uuid().nullable(),
    discountPercent: p.decimal().precision(7).scale(4).nullable(),
    discount: p.decimal().precision(20).scale(4).defaultRaw('0'),
    taxRate: p.decimal().precision(7).scale(4).defaultRaw('0'),
    net: p.decimal().precision(20).scale(4),
    tax: p.decimal().precision(20).scale(4),
    gross: p.decimal().precision(20).scale(4),
    manual: p.boolean().defaultRaw('false'),
    manualBy: p.uuid().nullable(),
    manualReason: p.text().nullable(),
    product: () => tenantRelation(ProductEntity, 'product_id').nullable(),
    quoteVersion: () =>
      p
        .manyToOne(QuoteVersionEntity)
        .joinColumns('tenant_id', 'quote_id', 'version')
        .updateRule('no action')
        .deleteRule('no action'),
  },
  checks: [
    { name: 'pricing_quote_line_discount_check', expression: '(discount >= (0)::numeric)' },
    { name: 'pricing_quote_line_check', expression: '(manual = (manual_reason IS NOT NULL))' },
    {
      name: 'pricing_quote_line_discount_percent_check',
      expression: '((discount_percent >= (0)::numeric) AND (discount_percent <= (100)::numeric))',
    },
    { name: 'pricing_quote_line_quantity_check', expression: '(quantity > (0)::numeric)' },
    {
      name: 'pricing_quote_line_tax_rate_check',
      expression: '((tax_rate >= (0)::numeric) AND (tax_rate <= (100)::numeric))',
    },
    { name: 'pricing_quote_line_unit_price_check', expression: '(unit_price >= (0)::numeric)' },
  ],
});
