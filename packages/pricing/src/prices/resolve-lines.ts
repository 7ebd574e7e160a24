import { Dec, money } from './money.js';
import type { AppliedDiscount, ResolvedLine, ResolvedTotals } from './resolve-input.js';

/** A row of `RESOLVE_ITEMS_SQL`. */
export interface ItemRow {
  n: number;
  productId: string | null;
  taxClass: string | null;
  priceId: string | null;
  priceListId: string | null;
  source: string | null;
  unitPrice: string | null;
  minQuantity: string | null;
  taxRateId: string | null;
  taxRate: string | null;
  rules: Array<Omit<AppliedDiscount, 'amount'>>;
}

/**
 * Prices one line. The rounding policy: every amount of a line is rounded to the currency's minor
 * unit half away from zero — the line amount (quantity × unit price), each discount in turn (a
 * percentage of what remains after the previous ones; an amount per unit, never more than what
 * remains), the tax on the net — and totals are sums of the rounded line amounts.
 */
export function priceLine(
  item: { sku: string; quantity: string },
  row: ItemRow,
  digits: number,
): ResolvedLine {
  const zero = money(new Dec(0), digits);
  const base = {
    lineNo: row.n,
    sku: item.sku,
    productId: row.productId,
    quantity: new Dec(item.quantity).toString(),
    taxClass: row.taxClass,
  };
  if (row.unitPrice === null)
    return {
      ...base,
      unpriced: true,
      unitPrice: zero,
      priceId: null,
      priceListId: null,
      priceListSource: null,
      minQuantity: null,
      lineAmount: zero,
      discounts: [],
      discount: zero,
      net: zero,
      taxRateId: null,
      taxRate: '0',
      tax: zero,
      gross: zero,
    };
  const quantity = new Dec(item.quantity);
  const lineAmount = quantity.times(row.unitPrice).toDecimalPlaces(digits);
  let remaining = lineAmount;
  const discounts: AppliedDiscount[] = [];
  for (const rule of row.rules) {
    if (remaining.isZero()) break;
    const off = (
      rule.percent !== null
        ? remaining.times(rule.percent).dividedBy(100)
        : Dec.min(quantity.times(rule.amountPerUnit!), remaining)
    ).toDecimalPlaces(digits);
    remaining = remaining.minus(off);
    discounts.push({ ...rule, amount: money(off, digits) });
  }
  const rate = new Dec(row.taxRate ?? 0);
  const tax = remaining.times(rate).dividedBy(100).toDecimalPlaces(digits);
  return {
    ...base,
    unpriced: false,
    unitPrice: row.unitPrice,
    priceId: row.priceId,
    priceListId: row.priceListId,
    priceListSource: row.source,
    minQuantity: row.minQuantity,
    lineAmount: money(lineAmount, digits),
    discounts,
    discount: money(lineAmount.minus(remaining), digits),
    net: money(remaining, digits),
    taxRateId: row.taxRateId,
    taxRate: rate.toString(),
    tax: money(tax, digits),
    gross: money(remaining.plus(tax), digits),
  };
}

/** The sums of the lines' rounded amounts. */
export function totalsOf(lines: readonly ResolvedLine[], digits: number): ResolvedTotals {
  const sum = (field: 'lineAmount' | 'discount' | 'net' | 'tax' | 'gross') =>
    money(
      lines.reduce((acc, l) => acc.plus(l[field]), new Dec(0)),
      digits,
    );
  return {
    lineAmount: sum('lineAmount'),
    discount: sum('discount'),
    net: sum('net'),
    tax: sum('tax'),
    gross: sum('gross'),
  };
}
