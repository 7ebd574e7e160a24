import { type CountryCode, parsePhoneNumberWithError } from 'libphonenumber-js/max';
import { z } from 'zod';

/** How far a stored contact point was checked: `verified` (normalised, may identify) or `unverified` (kept as typed). */
export type ContactPointQuality = 'verified' | 'unverified';

/**
 * A note about a value that was kept although it looks wrong (a phone not valid for its country,
 * an odd email, a country no one recognises); `strict` turns it into an error.
 */
export interface ContactPointWarning {
  /** `unverified_phone`, `unusual_email` or `unknown_country`. */
  code: 'unverified_phone' | 'unusual_email' | 'unknown_country';
  /** Dotted path of the field, e.g. `contactPoints.0.value`. */
  path: string;
  message: string;
}

/** Most a mailbox name (before `@`) and a whole address may have (RFC 5321). */
export const EMAIL_LIMITS = { local: 64, total: 254 } as const;

/**
 * Mailbox names people type when they have no address to give; such an email is kept but flagged
 * (never an identity key, never sent to).
 */
export const PLACEHOLDER_MAILBOXES: ReadonlySet<string> = new Set([
  'none',
  'noemail',
  'no-email',
  'no.email',
  'nomail',
  'no-mail',
  'noreply',
  'no-reply',
  'donotreply',
  'do-not-reply',
  'unknown',
  'null',
  'na',
  'n.a',
  'dummy',
  'fake',
  'xxx',
]);

/**
 * Top-level domains that never receive mail (RFC 2606 and 6761). `.test` is left out on purpose:
 * test suites and demos send to it through their own mail servers.
 */
const RESERVED_TLDS = new Set(['invalid', 'localhost', 'example']);

const strictEmail = z.email();

/** Why an email that is an address at all looks odd, or undefined when it looks fine. */
export function emailOddity(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (!domain.includes('.')) return `"${email}" has no top-level domain`;
  if (RESERVED_TLDS.has(domain.slice(domain.lastIndexOf('.') + 1)))
    return `"${email}" is at a domain that receives no mail`;
  if (PLACEHOLDER_MAILBOXES.has(local)) return `"${email}" looks like a placeholder`;
  if (!strictEmail.safeParse(email).success) return `"${email}" is not a usual email address`;
  return undefined;
}

/** A phone number read with libphonenumber-js: E.164 and its country, or why it is not valid. */
export type PhoneReading = { valid: true; e164: string; country: string } | { valid: false; reason: string };

/** Reads a phone number as written in `region` (numbers with `+` carry their own country). */
export function readPhone(value: string, region: string): PhoneReading {
  try {
    const phone = parsePhoneNumberWithError(value, region as CountryCode);
    if (phone.isValid()) return { valid: true, e164: phone.number, country: phone.country ?? region };
  } catch {
    return { valid: false, reason: `"${value}" is not a phone number` };
  }
  return { valid: false, reason: `"${value}" is not a valid phone number` };
}
