import type { TxContext } from '@rapport/core/plugin';
import type { ListedLine, PriceLookup, PriceRequest } from './line-pricing.js';

/** What a price source says about one line: the price, the discount, the tax and the list it came from. */
export interface PriceQuote {
  unitPrice: string | null;
  /** The discount as a percentage, when it is one (null: see `discount`). */
  discountPercent: string | null;
  /** The amount off this line (for its quantity), rounded to the currency's minor unit. */
  discount: string;
  taxRate: string;
  priceListId: string | null;
}

/** Prices a quote's lines (aligned with `request.items`; null: no price), in the caller's transaction. */
export type PriceSource = (tx: TxContext, request: PriceRequest) => Promise<Array<PriceQuote | null>>;

interface ProductRow {
  id: string;
  sku: string;
  name: string;
  categoryId: string | null;
}

/**
 * Looks quote lines up in pricing's catalogue (active products by SKU, the name in the quote's
 * locale, the category) and prices them with `prices` (none: every line needs a price by hand).
 */
export function catalogueLookup(prices: () => PriceSource | undefined): PriceLookup {
  return async (tx, request) => {
    const rows = await tx.sql<ProductRow>(
      `select id, sku, category_id as "categoryId",
         coalesce(name->>$3, name->>split_part($3, '-', 1), name->>default_locale) as name
       from pricing_product where tenant_id = $1 and sku = any($2::text[]) and status = 'active'`,
      [tx.tenantId, request.items.map((i) => i.sku), request.locale],
    );
    const bySku = new Map(rows.map((r) => [r.sku, r]));
    const source = prices();
    const quoted = source ? await source(tx, request) : request.items.map(() => null);
    return request.items.map((item, i): ListedLine | null => {
      const product = bySku.get(item.sku);
      if (!product) return null;
      const price = quoted[i] ?? null;
      return {
        productId: product.id,
        name: product.name,
        categoryId: product.categoryId,
        unitPrice: price?.unitPrice ?? null,
        discountPercent: price ? price.discountPercent : null,
        discount: price?.discount ?? '0',
        taxRate: price?.taxRate ?? '0',
        priceListId: price?.priceListId ?? null,
      };
    });
  };
}
