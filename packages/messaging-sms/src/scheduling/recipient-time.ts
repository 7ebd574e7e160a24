import { countryOfNumber } from '../senders/sender-id.js';
import { nextAllowed, type QuietWindow } from './quiet-hours.js';
import { timeZonesOfCountry } from './time-zones.js';

/**
 * The time zones quiet hours must hold in for a recipient: those of the number's country (all of
 * them when it spans several, so nobody is woken), else the tenant's zone, else the default.
 */
export function recipientTimeZones(input: {
  to: string;
  tenantTimeZone?: string | null;
  defaultTimeZone: string;
}): string[] {
  const country = countryOfNumber(input.to);
  const zones = country ? timeZonesOfCountry(country) : [];
  if (zones.length > 0) return zones;
  return [input.tenantTimeZone ?? input.defaultTimeZone];
}

/**
 * When a bulk SMS to `to` may go out: now, or the end of the quiet window in the recipient's local
 * time. Without a window, always now.
 *
 * @example
 * nextSendTime({ now, to: '+4915112345678', window: { start: '21:00', end: '08:00' }, defaultTimeZone: 'UTC' });
 */
export function nextSendTime(input: {
  now: Date;
  to: string;
  window: QuietWindow | undefined;
  tenantTimeZone?: string | null;
  defaultTimeZone: string;
}): Date {
  if (!input.window) return input.now;
  return nextAllowed({ now: input.now, timeZone: recipientTimeZones(input), window: input.window });
}
