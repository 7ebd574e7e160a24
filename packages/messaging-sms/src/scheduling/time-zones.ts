import { getCountry } from 'countries-and-timezones';

/**
 * The IANA time zones of a country (ISO 3166-1 alpha-2), from `countries-and-timezones` (a
 * maintained copy of the tz database's zone.tab); empty for an unknown code.
 */
export function timeZonesOfCountry(country: string): string[] {
  return [...(getCountry(country.toUpperCase())?.timezones ?? [])];
}

/**
 * The one time zone of a country, or `undefined` when it has none or several (the United States,
 * Russia…): then use the tenant's zone, or pass all of them to `quietHours.nextAllowed`.
 */
export function timeZoneOfCountry(country: string): string | undefined {
  const zones = timeZonesOfCountry(country);
  return zones.length === 1 ? zones[0] : undefined;
}
