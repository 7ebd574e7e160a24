import { type FieldIssue, InvalidDataError, type TxContext, visibilityOf } from '@rapport/core/plugin';
import type { ParsedQuoteLine } from './quote-input.js';
import type { QuoteLine } from './quote-types.js';
import { lineAmounts, plainDecimal } from './totals.js';

/** What the price lists say about one requested line (null: no such SKU). */
export interface ListedLine {
  productId: string | null;
  name: string;
  categoryId: string | null;
  /** Unit price from the price lists (null: the product has no price for this customer and date). */
  unitPrice: string | null;
  /** The discount as a percentage when it is one; null: the amount in `discount`. */
  discountPercent: string | null;
  /** The amount off the line at the resolved price and quantity. */
  discount: string;
  taxRate: string;
  priceListId: string | null;
}

/** What a quote asks the price lists: its customer, currency, date and lines. */
export interface PriceRequest {
  partyId: string;
  currency: string;
  date: string;
  locale: string;
  items: ReadonlyArray<{ sku: string; quantity: string }>;
}

/** Looks up catalogue and prices for a quote's lines, in the caller's transaction, aligned with `items`. */
export type PriceLookup = (tx: TxContext, request: PriceRequest) => Promise<Array<ListedLine | null>>;

/**
 * Prices a quote's lines: each from the price lists, with what was set by hand on top (recorded as
 * `manual` with who and why). Unknown SKUs, lines without a price and manual values without a reason
 * are one invalid-data error naming every offending field; nothing is written.
 */
export async function priceLines(
  tx: TxContext,
  lookup: PriceLookup,
  request: Omit<PriceRequest, 'items'>,
  lines: readonly ParsedQuoteLine[],
): Promise<{ lines: QuoteLine[]; manualPositions: number[] }> {
  const listed = await lookup(tx, {
    ...request,
    items: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
  });
  const visibility = await visibilityOf(tx);
  const issues: FieldIssue[] = [];
  const manualPositions: number[] = [];
  const priced = lines.flatMap((line, i): QuoteLine[] => {
    const found = listed[i];
    if (!found) {
      issues.push({
        path: `lines.${i}.sku`,
        message: `no product ${line.sku} in the catalogue`,
        code: 'not_found',
      });
      return [];
    }
    const manual =
      line.unitPrice !== undefined || line.discountPercent !== undefined || line.taxRate !== undefined;
    if (manual) manualPositions.push(i);
    if (manual && !line.reason)
      issues.push({
        path: `lines.${i}.reason`,
        message: 'a price set by hand needs a reason',
        code: 'invalid_type',
      });
    if (!manual && line.reason)
      issues.push({
        path: `lines.${i}.reason`,
        message: 'a reason is only for a price set by hand',
        code: 'custom',
      });
    const unitPrice = line.unitPrice ?? found.unitPrice;
    if (unitPrice === null) {
      issues.push({
        path: `lines.${i}.unitPrice`,
        message: `no price for ${line.sku} in ${request.currency} on ${request.date}: give one by hand`,
        code: 'no_price',
      });
      return [];
    }
    // A price set by hand is the negotiated price: the price lists' discount stays only with it when
    // it is a percentage, or when the discount is set by hand too.
    const percent = line.discountPercent ?? found.discountPercent;
    const keepsAmount = line.unitPrice === undefined && line.discountPercent === undefined;
    const priced = {
      quantity: plainDecimal(line.quantity),
      unitPrice: plainDecimal(unitPrice),
      discountPercent: percent === null ? null : plainDecimal(percent),
      discountAmount: percent === null && keepsAmount ? found.discount : '0',
      taxRate: plainDecimal(line.taxRate ?? found.taxRate),
    };
    const { discountAmount: _, ...stored } = priced;
    return [
      {
        position: i + 1,
        productId: found.productId,
        sku: line.sku,
        name: found.name,
        categoryId: found.categoryId,
        ...stored,
        listUnitPrice: found.unitPrice === null ? null : plainDecimal(found.unitPrice),
        priceListId: found.priceListId,
        ...lineAmounts(priced, request.currency),
        manual,
        manualBy: manual ? (visibility.employeeId ?? null) : null,
        manualReason: manual ? (line.reason ?? null) : null,
      },
    ];
  });
  if (issues.length > 0) throw new InvalidDataError('quote', issues);
  return { lines: priced, manualPositions };
}
