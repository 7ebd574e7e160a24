import { z } from 'zod';

/** Whether `zone` is an IANA time zone the runtime knows (`Europe/Berlin`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name (`Europe/Berlin`, `America/New_York`, `UTC`). */
export const TimeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin');

/** True when `date` is a valid instant in the years 1–9999 (what every stored timestamp must be). */
export function isStorableDate(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= 1 && year <= 9999;
}

const STORABLE = 'must be a valid instant in the years 0001–9999';

/** A calendar date `YYYY-MM-DD` (a day, not an instant: it has no time zone). */
export const CalendarDateSchema = z.iso.date();

/**
 * A point in time: a `Date`, or an ISO 8601 timestamp with its offset (`2026-03-01T09:00:00+01:00`,
 * `…Z`). A timestamp without an offset is refused: it would mean different instants on different
 * servers.
 */
export const InstantSchema = z
  .union([z.date(), z.iso.datetime({ offset: true })])
  .transform((value) => (value instanceof Date ? value : new Date(value)))
  .refine(isStorableDate, STORABLE);

/**
 * A point in time, or a calendar day standing for its start in UTC (`2026-03-01` → midnight UTC):
 * for ranges of analyses, where a whole day is the usual bound.
 */
export const InstantOrDateSchema = z
  .union([z.date(), z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((value) => (value instanceof Date ? value : new Date(value)))
  .refine(isStorableDate, STORABLE);
