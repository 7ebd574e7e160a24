import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** The sender-id settings (`options.senders`). */
export interface SenderIds {
  default: string;
  byCountry: Readonly<Record<string, string>>;
  byTenant: Readonly<Record<string, string>>;
}

/** The country (ISO 3166-1 alpha-2) of a number in E.164, if libphonenumber-js knows it. */
export function countryOfNumber(e164: string): string | undefined {
  return parsePhoneNumberFromString(e164)?.country;
}

/**
 * The sender id for one SMS: the tenant's own, else the one for the recipient's country (many
 * countries require a local number or a registered alphanumeric id), else the default.
 */
export function senderFor(senders: SenderIds, target: { tenantId: string; to: string }): string {
  const tenant = senders.byTenant[target.tenantId];
  if (tenant) return tenant;
  const country = countryOfNumber(target.to);
  return (country && senders.byCountry[country]) || senders.default;
}
