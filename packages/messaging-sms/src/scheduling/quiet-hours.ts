import { InvalidDataError } from '@rapport/core/plugin';
import { instantOf, isTimeZone, wallTime } from './zoned-time.js';

/** A quiet-hours window in local time; `start > end` spans midnight (`21:00`–`08:00`). */
export interface QuietWindow {
  start: string;
  end: string;
}

function minutes(hhmm: string, field: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match)
    throw new InvalidDataError('quiet hours', [
      { path: field, message: 'must be HH:MM', code: 'invalid_format' },
    ]);
  return Number(match[1]) * 60 + Number(match[2]);
}

function nextAllowedIn(now: number, timeZone: string, start: number, end: number): number {
  const local = wallTime(now, timeZone);
  const m = local.hour * 60 + local.minute;
  const quiet = start < end ? m >= start && m < end : m >= start || m < end;
  if (!quiet) return now;
  // After the start on the evening side of a window across midnight, the end is tomorrow.
  const tomorrow = start > end && m >= start;
  const date = new Date(Date.UTC(local.year, local.month - 1, local.day + (tomorrow ? 1 : 0)));
  return instantOf(
    {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: Math.floor(end / 60),
      minute: end % 60,
    },
    timeZone,
  );
}

/**
 * The first instant at or after `now` outside the quiet window in the recipient's local time
 * (`now` itself when it is already allowed). DST-correct through `Intl`: the window follows the
 * local clock on the nights clocks change. With several zones (a country spanning zones), the
 * instant is allowed in all of them.
 *
 * @example
 * quietHours.nextAllowed({ now: new Date('2026-03-28T22:30:00Z'), timeZone: 'Europe/Berlin',
 *   window: { start: '21:00', end: '08:00' } }); // 2026-03-29T06:00:00Z (08:00 CEST)
 */
export function nextAllowed(input: {
  now: Date;
  timeZone: string | readonly string[];
  window: QuietWindow;
}): Date {
  const zones = typeof input.timeZone === 'string' ? [input.timeZone] : [...input.timeZone];
  const bad = zones.findIndex((zone) => !isTimeZone(zone));
  if (zones.length === 0 || bad >= 0) {
    throw new InvalidDataError('quiet hours', [
      { path: 'timeZone', message: `unknown time zone ${zones[bad] ?? '(none)'}`, code: 'invalid_value' },
    ]);
  }
  const start = minutes(input.window.start, 'window.start');
  const end = minutes(input.window.end, 'window.end');
  let t = input.now.getTime();
  // Each pass can only move later; windows that together cover the whole day never settle.
  for (let pass = 0; pass < 8; pass++) {
    const before = t;
    for (const zone of zones) t = nextAllowedIn(t, zone, start, end);
    if (t === before) return new Date(t);
  }
  throw new InvalidDataError('quiet hours', [
    {
      path: 'timeZone',
      message: 'the quiet windows of these zones leave no common time',
      code: 'invalid_value',
    },
  ]);
}

/** True when `now` falls in the quiet window of the zone. */
export function isQuiet(input: { now: Date; timeZone: string; window: QuietWindow }): boolean {
  return nextAllowed(input).getTime() !== input.now.getTime();
}

/** Quiet-hours computations, for the dispatcher that holds bulk SMS back at night. */
export const quietHours = { nextAllowed, isQuiet };
