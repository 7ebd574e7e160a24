import { InvalidDataError, NotFoundError, z } from '@rapport/core/plugin';

/** An exact decimal amount in one currency (never added across currencies). */
export interface Money {
  /** ISO 4217 code. */
  currency: string;
  /** Exact decimal string, e.g. `"12500.0000"`. */
  amount: string;
}

/** A ratio with the counts it came from; `rate` is null when the denominator is zero. */
export interface Rate {
  rate: number | null;
  numerator: number;
  denominator: number;
}

/** Builds a {@link Rate} from its counts. */
export function rateOf(numerator: number, denominator: number): Rate {
  return { rate: denominator > 0 ? numerator / denominator : null, numerator, denominator };
}

/** An ISO 4217 currency code in capitals. */
export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR');

/** A calendar date `YYYY-MM-DD`. */
export const DateOnlySchema = z.iso.date();

/** A point in time: a `Date` or an ISO 8601 string. */
export const InstantSchema = z
  .union([z.date(), z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((value) => (value instanceof Date ? value : new Date(value)));

/** An IANA time zone name (`Europe/Berlin`, `UTC`). */
export const TimeZoneSchema = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'expected an IANA time zone such as Europe/Berlin');

/** `to` must be after `from` (an INVALID_DATA issue on `to`). */
export function refineRange<T extends { from: Date | string; to: Date | string }>(
  value: T,
  ctx: z.core.$RefinementCtx<T>,
): void {
  const from = value.from instanceof Date ? value.from.getTime() : Date.parse(value.from);
  const to = value.to instanceof Date ? value.to.getTime() : Date.parse(value.to);
  if (!(to > from)) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: '`to` must be after `from`', input: value.to });
  }
}

/** Normalises money rows from SQL (`jsonb_agg` of `{currency, amount}`), sorted by currency. */
export function moneyList(value: unknown): Money[] {
  if (!Array.isArray(value)) return [];
  return (value as Array<{ currency: string; amount: string }>)
    .map((m) => ({ currency: m.currency.trim(), amount: String(m.amount) }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}

/** Which referenced rows a query found, checked in the same statement as the analysis. */
export interface ReferenceCheck {
  /** The input field, e.g. `pipelineId`. */
  field: string;
  /** What it names, e.g. `Pipeline`. */
  what: string;
  id: string | undefined;
  found: boolean | null;
}

/** Throws NOT_FOUND for the first reference that was given and not found. */
export function requireFound(checks: readonly ReferenceCheck[]): void {
  for (const check of checks) {
    if (check.id !== undefined && check.found !== true)
      throw new NotFoundError(check.what, check.id, { field: check.field });
  }
}

/** An INVALID_DATA error on one field. */
export function invalidField(what: string, path: string, message: string): InvalidDataError {
  return new InvalidDataError(what, [{ path, message, code: 'custom' }]);
}
