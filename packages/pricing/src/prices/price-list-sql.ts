/** The columns of a {@link PriceList} (camelCase, days as text). */
export const LIST_COLUMNS = `id, name, currency, priority, is_default as "isDefault", valid_from::text as "validFrom",
  valid_to::text as "validTo", archived_at as "archivedAt"`;

/** The columns of a {@link Price}. */
export const PRICE_COLUMNS = `id, price_list_id as "priceListId", product_id as "productId",
  trim_scale(min_quantity)::text as "minQuantity", trim_scale(unit_price)::text as "unitPrice",
  valid_from::text as "validFrom", valid_to::text as "validTo"`;

/** The columns of a {@link DiscountRule}. */
export const RULE_COLUMNS = `id, price_list_id as "priceListId", name, scope, product_id as "productId",
  category_id as "categoryId", trim_scale(min_quantity)::text as "minQuantity", trim_scale(percent)::text as percent,
  trim_scale(amount)::text as amount, priority, valid_from::text as "validFrom", valid_to::text as "validTo"`;

/** The columns of a {@link TaxRate}. */
export const TAX_COLUMNS = `id, tax_class as "taxClass", country, trim_scale(rate)::text as rate,
  valid_from::text as "validFrom", valid_to::text as "validTo"`;
