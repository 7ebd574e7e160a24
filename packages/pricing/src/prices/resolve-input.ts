import { CurrencySchema, z } from '@rapport/core/plugin';
import { Quantity, Sku } from '../catalogue/catalogue-input.js';
import { Day } from './price-list-input.js';

/** Input of `prices.resolve`: whose prices, for what, in which currency, on which day. */
export const ResolveInputSchema = z.strictObject({
  /** The customer (lists assigned to them or their segments apply); none: only default lists. */
  partyId: z.uuid().nullable().optional(),
  items: z
    .array(z.strictObject({ sku: Sku, quantity: Quantity }))
    .min(1)
    .max(1000),
  /** The day prices are resolved for (default today, UTC): "as of" an earlier day reproduces it. */
  date: Day.optional(),
  currency: CurrencySchema,
  /** The country whose tax rates apply (default: the party's primary address, else rates for all countries). */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code such as DE')
    .optional(),
});
/** What `prices.resolve` is given. */
export type ResolveInput = z.input<typeof ResolveInputSchema>;

/** One discount applied to a line. */
export interface AppliedDiscount {
  ruleId: string;
  name: string;
  scope: 'product' | 'category' | 'list';
  percent: string | null;
  /** Per unit, when the rule is an amount. */
  amountPerUnit: string | null;
  /** What it took off the line, rounded to the currency's minor unit. */
  amount: string;
}

/** One resolved line. */
export interface ResolvedLine {
  /** Its index in `items`. */
  lineNo: number;
  sku: string;
  productId: string | null;
  quantity: string;
  /** True when no price was found (only with the option `unpricedLines: 'flag'`); amounts are 0. */
  unpriced: boolean;
  unitPrice: string;
  /** The price row used (its id reproduces the result), its list, and why that list applied. */
  priceId: string | null;
  priceListId: string | null;
  priceListSource: string | null;
  /** The quantity break of the price used. */
  minQuantity: string | null;
  /** quantity × unit price, rounded. */
  lineAmount: string;
  discounts: AppliedDiscount[];
  discount: string;
  /** lineAmount − discount. */
  net: string;
  taxClass: string | null;
  taxRateId: string | null;
  /** Percent. */
  taxRate: string;
  tax: string;
  /** net + tax. */
  gross: string;
}

/** Sums over the lines (each already rounded: per line, then sum). */
export interface ResolvedTotals {
  lineAmount: string;
  discount: string;
  net: string;
  tax: string;
  gross: string;
}

/** What `prices.resolve` returns. */
export interface PriceResolution {
  partyId: string | null;
  currency: string;
  date: string;
  country: string | null;
  /** The currency's minor unit digits the amounts are rounded to (JPY 0, EUR 2, KWD 3). */
  minorUnits: number;
  /** The lists that applied, highest priority first, with why. */
  priceLists: Array<{ priceListId: string; source: string; priority: number }>;
  lines: ResolvedLine[];
  totals: ResolvedTotals;
}
