import { z } from 'zod';

/** An exact decimal amount in one currency; amounts in different currencies are never added. */
export interface Money {
  /** Exact decimal string, e.g. `"12500.00"` — never a binary float. */
  amount: string;
  /** ISO 4217 code in capitals, e.g. `EUR`. */
  currency: string;
}

const KNOWN_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/**
 * An ISO 4217 currency code: trimmed, upper-cased, and one the runtime's currency data knows
 * (`eur` → `EUR`; `EURO` and `XYZ` are refused).
 */
export const CurrencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')
  .refine((code) => KNOWN_CURRENCIES.has(code), 'is not an ISO 4217 currency code');

/**
 * An exact decimal: a string such as `"-12.50"` (or a finite number, converted with its shortest
 * exact spelling), at most 18 digits before and 6 after the point. Kept as a string end to end.
 */
export const DecimalSchema = z
  .union([z.string().trim(), z.number().refine(Number.isFinite, 'must be finite').transform(String)])
  .pipe(z.string().regex(/^-?\d{1,18}(\.\d{1,6})?$/, 'must be an exact decimal such as 12.50'));

/** An exact decimal that is not negative (an amount of money, a quantity). */
export const AmountSchema = DecimalSchema.refine((value) => !value.startsWith('-'), 'must not be negative');

/** {@link Money} as input: an exact decimal amount and an ISO 4217 currency. */
export const MoneySchema = z.object({ amount: DecimalSchema, currency: CurrencySchema });
