import {
  addDays,
  calendarDateIn,
  startOfDayIn,
  type TxContext,
  tenantTimeZone,
  z,
} from '@rapport/core/plugin';

/** Calendar units of periods and of the `period.*` dimensions. */
export const PERIOD_UNITS = ['day', 'week', 'month', 'quarter', 'year'] as const;
/** A calendar unit, counted in the tenant's time zone (weeks start on Monday, ISO 8601). */
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

const bound = z.union([z.date(), z.iso.datetime({ offset: true }), z.iso.date()]);

/**
 * A period of analysis, half-open `[from, to)`:
 * - `{ from, to }`: a calendar day (`2026-03-01`) is that day's start in the tenant's time zone, an
 *   instant (`Date`, ISO timestamp with offset) is itself;
 * - `{ last: 'month', count?: n }`: the `n` (default 1) complete calendar units before the current one;
 * - `{ current: 'month' }`: the calendar unit that contains now (to its end).
 */
export const PeriodSchema = z.union([
  z.strictObject({ from: bound, to: bound }),
  z.strictObject({ last: z.enum(PERIOD_UNITS), count: z.int().min(1).max(1000).default(1) }),
  z.strictObject({ current: z.enum(PERIOD_UNITS) }),
]);

/** What a period may be given as. */
export type PeriodInput = z.input<typeof PeriodSchema>;

/** A resolved period: two instants, the unit it was given in (if any), and the tenant's time zone. */
export interface ResolvedPeriod {
  from: Date;
  to: Date;
  /** `last`/`current` periods: their unit and count, for the previous period of the same length. */
  unit: PeriodUnit | null;
  count: number;
  timeZone: string;
}

/** The first day of the calendar unit that contains `day` (`YYYY-MM-DD`). */
export function unitStart(day: string, unit: PeriodUnit): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  switch (unit) {
    case 'day':
      return day;
    case 'week': {
      const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
      return addDays(day, -weekday);
    }
    case 'month':
      return `${day.slice(0, 7)}-01`;
    case 'quarter':
      return `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
    case 'year':
      return `${y}-01-01`;
  }
}

/** `day` (the first of a unit) moved by `n` units (negative: back). */
export function addUnits(day: string, unit: PeriodUnit, n: number): string {
  if (unit === 'day') return addDays(day, n);
  if (unit === 'week') return addDays(day, 7 * n);
  const months = unit === 'month' ? n : unit === 'quarter' ? 3 * n : 12 * n;
  const [y, m] = day.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-01`;
}

function instant(value: Date | string, timeZone: string): Date {
  if (value instanceof Date) return value;
  return DATE.test(value) ? startOfDayIn(value, timeZone) : new Date(value);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Two calendar days as whole units: months when both are firsts of a month (`2026-03-01` →
 * `2026-04-01` is one month), else days; instants have no calendar span.
 */
function calendarSpan(from: Date | string, to: Date | string): { unit: PeriodUnit | null; count: number } {
  if (typeof from !== 'string' || typeof to !== 'string' || !DATE.test(from) || !DATE.test(to))
    return { unit: null, count: 0 };
  if (from.endsWith('-01') && to.endsWith('-01')) {
    const months = (s: string) => Number(s.slice(0, 4)) * 12 + Number(s.slice(5, 7));
    return { unit: 'month', count: months(to) - months(from) };
  }
  return { unit: 'day', count: Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) };
}

/** Resolves a parsed period in a time zone at `now`; `to` after `from` is checked by the caller. */
export function resolvePeriodIn(
  period: z.output<typeof PeriodSchema>,
  timeZone: string,
  now: Date = new Date(),
): ResolvedPeriod {
  if ('from' in period) {
    const { unit, count } = calendarSpan(period.from, period.to);
    return { from: instant(period.from, timeZone), to: instant(period.to, timeZone), unit, count, timeZone };
  }
  const today = calendarDateIn(now, timeZone);
  if ('current' in period) {
    const start = unitStart(today, period.current);
    const end = addUnits(start, period.current, 1);
    return {
      from: startOfDayIn(start, timeZone),
      to: startOfDayIn(end, timeZone),
      unit: period.current,
      count: 1,
      timeZone,
    };
  }
  const end = unitStart(today, period.last);
  const start = addUnits(end, period.last, -period.count);
  return {
    from: startOfDayIn(start, timeZone),
    to: startOfDayIn(end, timeZone),
    unit: period.last,
    count: period.count,
    timeZone,
  };
}

/** Resolves a parsed period in the tenant's time zone. */
export async function resolvePeriod(
  tx: TxContext,
  period: z.output<typeof PeriodSchema>,
  now: Date = new Date(),
): Promise<ResolvedPeriod> {
  return resolvePeriodIn(period, await tenantTimeZone(tx), now);
}

/**
 * The period just before: the same number of calendar units for `last`/`current` periods and for
 * calendar days (March → February; 2026-03-01..2026-04-01 → February), else the same length of time
 * ending where `period` starts.
 */
export function previousPeriod(period: ResolvedPeriod): ResolvedPeriod {
  if (period.unit && period.count > 0) {
    const start = calendarDateIn(period.from, period.timeZone);
    const before = addUnits(start, period.unit, -period.count);
    return { ...period, from: startOfDayIn(before, period.timeZone), to: period.from };
  }
  const length = period.to.getTime() - period.from.getTime();
  return { ...period, from: new Date(period.from.getTime() - length), to: period.from };
}

/**
 * The SQL of the calendar bucket (a `date`: the unit's first day) of the timestamp `column` in the
 * time zone bound as `zoneParam`. `unit` comes from the whitelist, never from input as text.
 */
export function bucketSql(unit: PeriodUnit, column: string, zoneParam: string): string {
  if (!PERIOD_UNITS.includes(unit)) throw new Error(`Unknown period unit ${String(unit)}`);
  return `date_trunc('${unit}', ${column} at time zone ${zoneParam})::date`;
}
