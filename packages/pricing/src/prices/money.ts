import { Decimal } from 'decimal.js';

/** decimal.js with enough precision for any amount here, rounding half away from zero (as core's lines). */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
/** An exact decimal. */
export type Dec = InstanceType<typeof Dec>;

const minorCache = new Map<string, number>();

/** Decimal places of a currency's minor unit from ISO 4217 via Intl (JPY 0, EUR 2, KWD 3). */
export function minorUnits(currency: string): number {
  let digits = minorCache.get(currency);
  if (digits === undefined) {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2;
    minorCache.set(currency, digits);
  }
  return digits;
}

/** Rounds to `digits` places and prints them all (`12.5` → `12.50`). */
export function money(value: Dec, digits: number): string {
  return value.toDecimalPlaces(digits).toFixed(digits);
}
