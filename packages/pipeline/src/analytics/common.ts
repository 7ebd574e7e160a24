import { InvalidDataError, type Money, NotFoundError, type z } from '@rapport/core/plugin';

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

export type { Money } from '@rapport/core';
// The shared value schemas live in core; the analytics inputs use them under these names.
export {
  CalendarDateSchema as DateOnlySchema,
  CurrencySchema,
  InstantOrDateSchema as InstantSchema,
  TimeZoneSchema,
} from '@rapport/core';

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
