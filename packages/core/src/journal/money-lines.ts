import { z } from 'zod';
import type { FieldIssue } from '../kernel/errors.js';

const text = (max = 500) => z.string().trim().min(1).max(max);

/** An exact decimal (a string, or a finite number converted with its shortest exact spelling). */
const decimal = z
  .union([z.string().trim(), z.number().refine(Number.isFinite, 'must be finite').transform(String)])
  .pipe(z.string().regex(/^-?\d{1,16}(\.\d{1,6})?$/, 'must be an exact decimal such as 12.50'));
const positive = decimal.refine((v) => !v.startsWith('-') && /[1-9]/.test(v), 'must be more than 0');
const notNegative = decimal.refine((v) => !v.startsWith('-'), 'must not be negative');
const percent = notNegative.refine((v) => toScaled(v) <= 100n * SCALE, 'must be at most 100');

/** A line's discount: a percentage of quantity × unit price, or an amount off the line. */
export const LineDiscountSchema = z.union([
  z.strictObject({ percent }),
  z.strictObject({ amount: notNegative }),
]);

/** A line's tax: a rate in percent of the discounted line, or an amount. */
export const LineTaxSchema = z.union([
  z.strictObject({ rate: percent }),
  z.strictObject({ amount: notNegative }),
]);

/**
 * One line of a money event (a sale, a refund, an expense): what, how many, at what price, less a
 * discount, plus tax. `total` is the line's amount (net of discount, with tax); when it is given it
 * must agree with the other fields, when it is left out it is computed. Numbers are exact decimals.
 */
export const MoneyLineSchema = z.strictObject({
  /** The product's code in the seller's catalogue. */
  sku: text(100).optional(),
  /** The product's id (in a product catalogue such as `@rapport/pricing`). */
  productId: z.uuid().optional(),
  name: text(),
  quantity: positive,
  unitPrice: notNegative.optional(),
  discount: LineDiscountSchema.optional(),
  tax: LineTaxSchema.optional(),
  total: decimal.optional(),
  /** Anything else the source system has about the line, kept as it is. */
  extra: z.record(z.string(), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()])).optional(),
});

/** A line of a money event, as given. */
export interface MoneyLine {
  sku?: string;
  productId?: string;
  name: string;
  /** An exact decimal: a string, or a number (converted to its exact decimal spelling). */
  quantity: string | number;
  unitPrice?: string | number;
  discount?: { percent: string | number } | { amount: string | number };
  tax?: { rate: string | number } | { amount: string | number };
  total?: string | number;
  extra?: Record<string, string | number | boolean | null>;
}

/** The most lines one entry carries. */
export const MAX_LINES = 1000;

/** Fixed-point scale of the arithmetic: 12 decimals, enough for quantity × price at 6 decimals each. */
const DIGITS = 12;
const SCALE = 10n ** BigInt(DIGITS);

/** An exact decimal string as an integer of 10^-12 units. */
function toScaled(value: string): bigint {
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const units = BigInt(whole) * SCALE + BigInt((fraction + '0'.repeat(DIGITS)).slice(0, DIGITS));
  return negative ? -units : units;
}

/** Rounds half away from zero to `decimals` places. */
function round(value: bigint, decimals: number): bigint {
  const step = 10n ** BigInt(DIGITS - decimals);
  const half = step / 2n;
  const magnitude = value < 0n ? -value : value;
  const rounded = ((magnitude + half) / step) * step;
  return value < 0n ? -rounded : rounded;
}

/** The scaled integer as a decimal string with `decimals` places. */
function format(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const whole = magnitude / SCALE;
  const fraction = (magnitude % SCALE).toString().padStart(DIGITS, '0').slice(0, decimals);
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}

/** How many decimals an exact decimal string is written with. */
function decimalsOf(value: string): number {
  const point = value.indexOf('.');
  return point < 0 ? 0 : value.length - point - 1;
}

/** Decimal places of a currency's minor unit (2 for EUR, 0 for JPY, 3 for KWD); 2 when unknown. */
function minorUnits(currency: string | undefined): number {
  if (!currency) return 2;
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

type ParsedLine = z.output<typeof MoneyLineSchema>;

/**
 * Checks a money event's lines: each line's total against its quantity, unit price, discount and tax
 * (rounded to the currency's minor unit), and the sum of the line totals against the entry's amount.
 * Returns the lines with every `total` filled in, and the issues, each naming its field.
 */
export function checkLines(
  lines: readonly ParsedLine[],
  entry: { amount?: string | undefined; currency?: string | undefined },
  at: (path: string) => string,
): { lines: ParsedLine[]; issues: FieldIssue[] } {
  const minor = minorUnits(entry.currency);
  const issues: FieldIssue[] = [];
  let sum = 0n;
  let widest = minor;
  const checked = lines.map((line, i) => {
    const path = (field: string) => at(`data.items.${i}.${field}`);
    // A total written with more decimals than the currency's (an export's unrounded 92.5225) is
    // checked at the precision it was given.
    const decimals = Math.max(minor, line.total === undefined ? 0 : decimalsOf(line.total));
    if (line.unitPrice === undefined) {
      if (line.total === undefined)
        issues.push({
          path: path('unitPrice'),
          message: 'a line needs a unit price or a total',
          code: 'custom',
        });
      else {
        widest = Math.max(widest, decimalsOf(line.total));
        sum += toScaled(line.total);
      }
      return line;
    }
    const gross = (toScaled(line.quantity) * toScaled(line.unitPrice)) / SCALE;
    let net = gross;
    if (line.discount && 'percent' in line.discount)
      net = round(gross - (gross * toScaled(line.discount.percent)) / (100n * SCALE), decimals);
    else if (line.discount) {
      net = round(gross, decimals) - toScaled(line.discount.amount);
      if (net < 0n)
        issues.push({
          path: path('discount.amount'),
          message: `the discount ${line.discount.amount} is more than the line's ${format(round(gross, decimals), decimals)}`,
          code: 'custom',
        });
    } else net = round(gross, decimals);
    let tax = 0n;
    if (line.tax && 'rate' in line.tax)
      tax = round((net * toScaled(line.tax.rate)) / (100n * SCALE), decimals);
    else if (line.tax) tax = toScaled(line.tax.amount);
    const computed = net + tax;
    if (line.total !== undefined && toScaled(line.total) !== computed) {
      const difference = toScaled(line.total) - computed;
      issues.push({
        path: path('total'),
        message: `line total ${line.total} ≠ ${format(computed, decimals)} from quantity, unit price, discount and tax (difference ${format(difference < 0n ? -difference : difference, decimals)})`,
        code: 'custom',
      });
    }
    const total = line.total ?? format(computed, decimals);
    widest = Math.max(widest, decimalsOf(total));
    sum += toScaled(total);
    return { ...line, total };
  });
  const decimals = Math.max(widest, entry.amount === undefined ? 0 : decimalsOf(entry.amount));
  if (
    issues.length === 0 &&
    lines.length > 0 &&
    entry.amount !== undefined &&
    toScaled(entry.amount) !== sum
  ) {
    const difference = toScaled(entry.amount) - sum;
    issues.push({
      path: at('amount'),
      message: `lines total ${format(sum, decimals)} ≠ amount ${format(toScaled(entry.amount), decimals)} (difference ${format(difference < 0n ? -difference : difference, decimals)})`,
      code: 'custom',
    });
  }
  return { lines: checked, issues };
}
