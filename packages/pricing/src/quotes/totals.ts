import { Decimal } from 'decimal.js';

// Enough significant digits for quantity × price × rate at the columns' scales, never rounded early.
const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });

/** A priced line, before totals: exact decimal strings. */
export interface PricedLine {
  quantity: string;
  unitPrice: string;
  /** Percent off the line amount (0–100); null when the discount is an amount. */
  discountPercent: string | null;
  /** The amount off the line when the discount is not a percentage (default 0). */
  discountAmount?: string;
  /** Tax rate in percent of the discounted line. */
  taxRate: string;
}

/** A line's amounts, rounded to the currency's minor unit. */
export interface LineAmounts {
  /** What was taken off quantity × unit price (rounded). */
  discount: string;
  net: string;
  tax: string;
  gross: string;
}

/** The totals of a quote version: sums of its lines' rounded amounts. */
export interface QuoteTotals {
  net: string;
  tax: string;
  gross: string;
}

/** Decimal places of a currency's minor unit (2 for EUR, 0 for JPY, 3 for KWD); 2 when unknown. */
export function minorUnits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/**
 * A line's amounts, each rounded half away from zero to the currency's minor unit: quantity × unit
 * price, less the discount (a percentage of it, or an amount), is the net; tax is rate × net; gross is
 * net + tax — the rule of core's money lines with an amount discount, and of `prices.resolve`, so a
 * `sale` entry made from the quote checks out and resolved lines keep their amounts.
 */
export function lineAmounts(line: PricedLine, currency: string): LineAmounts {
  const places = minorUnits(currency);
  const hundred = new D(100);
  const amount = new D(line.quantity).times(line.unitPrice).toDecimalPlaces(places);
  const discount =
    line.discountPercent === null
      ? new D(line.discountAmount ?? 0).toDecimalPlaces(places)
      : amount.times(line.discountPercent).div(hundred).toDecimalPlaces(places);
  const net = amount.minus(discount);
  const tax = net.times(line.taxRate).div(hundred).toDecimalPlaces(places);
  return {
    discount: discount.toFixed(places),
    net: net.toFixed(places),
    tax: tax.toFixed(places),
    gross: net.plus(tax).toFixed(places),
  };
}

/** Sums lines' amounts exactly (no rounding: each line is rounded already). */
export function sumAmounts(lines: readonly LineAmounts[], currency: string): QuoteTotals {
  const places = minorUnits(currency);
  const sum = (pick: (l: LineAmounts) => string) =>
    lines.reduce((acc, l) => acc.plus(pick(l)), new D(0)).toFixed(places);
  return { net: sum((l) => l.net), tax: sum((l) => l.tax), gross: sum((l) => l.gross) };
}

/** Whether two exact decimal strings are the same number. */
export function sameDecimal(a: string, b: string): boolean {
  return new D(a).equals(b);
}

/** The plain decimal spelling of a stored number (`12.500000` → `12.5`). */
export function plainDecimal(value: string): string {
  return new D(value).toFixed();
}

/** An amount read at a column's scale, written at the currency's minor unit (`449.7000` → `449.70`). */
export function atMinorUnit(value: string, currency: string): string {
  return new D(value).toFixed(minorUnits(currency));
}
