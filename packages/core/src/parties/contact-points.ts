import { z } from 'zod';
import {
  type ContactPointQuality,
  type ContactPointWarning,
  EMAIL_LIMITS,
  emailOddity,
  readPhone,
} from './contact-point-quality.js';
import { resolveCountry } from './countries.js';
import { registrableDomain } from './shared-domains.js';

const common = {
  label: z.string().trim().max(100).optional(),
  primary: z.boolean().optional(),
  /**
   * `false` for a contact point many parties share (a switchboard, a reception mailbox): kept and
   * usable, but never an identity key, so it never blocks or matches another party.
   */
  identifying: z.boolean().optional(),
};

const email = z
  .string()
  .trim()
  .toLowerCase()
  .superRefine((value, ctx) => {
    const at = value.lastIndexOf('@');
    if (!/^[^\s@]+@[^\s@]+$/.test(value))
      ctx.addIssue({ code: 'custom', message: 'must be an email address' });
    else if (at > EMAIL_LIMITS.local)
      ctx.addIssue({
        code: 'custom',
        message: `the part before @ must be at most ${EMAIL_LIMITS.local} characters`,
      });
    else if (value.length > EMAIL_LIMITS.total)
      ctx.addIssue({ code: 'custom', message: `must be at most ${EMAIL_LIMITS.total} characters` });
  });

/** A country as written: an ISO 3166-1 alpha-2 or alpha-3 code, a common abbreviation or a name. */
const country = z.string().trim().min(1).max(100);

/** A contact point as callers give it; normalised on write. */
export const ContactPointInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email'), value: email, ...common }),
  z.object({
    kind: z.literal('phone'),
    value: z.string().trim().min(3).max(40),
    /** The country the number is written in, when it has no `+` prefix (default: the party's address country, then the CRM's). */
    region: country.optional(),
    ...common,
  }),
  z
    .object({
      kind: z.literal('address'),
      street: z.string().trim().max(200).optional(),
      extra: z.string().trim().max(200).optional(),
      postalCode: z.string().trim().max(20).optional(),
      city: z.string().trim().max(100).optional(),
      region: z.string().trim().max(100).optional(),
      country: country.optional(),
      ...common,
    })
    .refine((a) => Boolean(a.street || a.postalCode || a.city || a.country), {
      message: 'an address needs a street, postal code, city or country',
      path: ['city'],
    }),
  z.object({ kind: z.literal('website'), value: z.string().trim().min(3).max(300), ...common }),
  z.object({
    kind: z.literal('messenger'),
    network: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9_-]{2,30}$/),
    handle: z.string().trim().min(1).max(100),
    ...common,
  }),
]);

/** A contact point as callers give it. */
export type ContactPointInput = z.input<typeof ContactPointInputSchema>;
type ParsedContactPoint = z.output<typeof ContactPointInputSchema>;

/** The kinds of contact point. */
export type ContactPointKind = ParsedContactPoint['kind'];

/** A contact point in its stored, normalised form. */
export interface NormalizedContactPoint {
  kind: ContactPointKind;
  /**
   * The normalised value: lower-cased email, E.164 phone, one-line address, URL, `network:handle`;
   * an unverified phone as typed.
   */
  value: string;
  label: string | null;
  primary: boolean;
  /** Structured parts (address fields, phone country, website host and registrable domain…). */
  details: Record<string, string>;
  /** `unverified`: kept as typed because it could not be checked; never an identity key, never sent SMS. */
  quality: ContactPointQuality;
  /** False for a shared contact point (a switchboard): never an identity key. */
  identifying: boolean;
}

/** How {@link normalizeContactPoint} treats values that look wrong. */
export interface NormalizeOptions {
  /** Refuse (throw {@link ContactPointError}) instead of keeping and flagging. */
  strict?: boolean;
  /** The country of the party's address: the region of phones written without `+` and without a region. */
  regionHint?: string;
  /** Receives a warning (path relative to the contact point) for each value kept but flagged. */
  warnings?: ContactPointWarning[];
}

/** Thrown by {@link normalizeContactPoint} with the field that is wrong. */
export class ContactPointError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Normalises one validated contact point: phones to E.164 with libphonenumber-js (in the given
 * region, the party's country or the default region), countries to ISO alpha-2, websites to
 * `https://host/path` with their registrable domain. A phone, email or country that looks wrong is
 * kept as typed, flagged `unverified` and reported in `options.warnings` — or refused when `strict`.
 */
export function normalizeContactPoint(
  input: ParsedContactPoint,
  defaultRegion: string,
  options: NormalizeOptions = {},
): NormalizedContactPoint {
  const base = {
    label: input.label ?? null,
    primary: input.primary ?? false,
    identifying: input.identifying ?? true,
    quality: 'verified' as ContactPointQuality,
  };
  const warn = (code: ContactPointWarning['code'], field: string, message: string) => {
    if (options.strict) throw new ContactPointError(field, message);
    options.warnings?.push({ code, path: field, message });
  };
  const flag = (code: ContactPointWarning['code'], field: string, message: string) => {
    warn(code, field, message);
    base.quality = 'unverified';
  };
  switch (input.kind) {
    case 'email': {
      const odd = emailOddity(input.value);
      if (odd) flag('unusual_email', 'value', odd);
      return { ...base, kind: 'email', value: input.value, details: {} };
    }
    case 'phone': {
      let region = options.regionHint ?? defaultRegion;
      if (input.region !== undefined) {
        const given = resolveCountry(input.region);
        if (given) region = given;
        else warn('unknown_country', 'region', `"${input.region}" is not a country`);
      }
      const phone = readPhone(input.value, region);
      if (phone.valid)
        return { ...base, kind: 'phone', value: phone.e164, details: { country: phone.country } };
      if (!/\d.*\d.*\d/.test(input.value))
        throw new ContactPointError('value', `"${input.value}" is not a phone number`);
      flag('unverified_phone', 'value', phone.reason);
      return { ...base, kind: 'phone', value: input.value, details: { region } };
    }
    case 'address':
      return addressOf(input, base, flag);
    case 'website': {
      const url = websiteUrl(input.value);
      const domain = registrableDomain(url.hostname);
      const details: Record<string, string> = { host: url.hostname.toLowerCase() };
      if (domain) details.domain = domain;
      return { ...base, kind: 'website', value: url.href.replace(/\/$/, ''), details };
    }
    case 'messenger': {
      const handle = input.handle.replace(/^@/, '');
      return {
        ...base,
        kind: 'messenger',
        value: `${input.network}:${handle.toLowerCase()}`,
        details: { network: input.network, handle },
      };
    }
  }
}

function addressOf(
  input: Extract<ParsedContactPoint, { kind: 'address' }>,
  base: Omit<NormalizedContactPoint, 'kind' | 'value' | 'details'>,
  flag: (code: ContactPointWarning['code'], field: string, message: string) => void,
): NormalizedContactPoint {
  const details: Record<string, string> = {};
  for (const key of ['street', 'extra', 'postalCode', 'city', 'region'] as const) {
    if (input[key]) details[key] = input[key];
  }
  if (input.country !== undefined) {
    const code = resolveCountry(input.country);
    if (code) details.country = code;
    else {
      flag('unknown_country', 'country', `"${input.country}" is not a country: give an ISO code or its name`);
      details.countryRaw = input.country;
    }
  }
  const parts = [
    input.street,
    input.extra,
    [input.postalCode, input.city].filter(Boolean).join(' '),
    input.region,
    details.country ?? details.countryRaw,
  ];
  return { ...base, kind: 'address', value: parts.filter(Boolean).join(', '), details };
}

/** The country of an address input, as ISO alpha-2, when it names one. */
export function countryOfAddress(input: ContactPointInput): string | undefined {
  return input.kind === 'address' && typeof input.country === 'string'
    ? resolveCountry(input.country)
    : undefined;
}

function websiteUrl(value: string): URL {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`);
    if (!['http:', 'https:'].includes(url.protocol) || !url.hostname.includes('.')) throw new Error('bad');
    url.hash = '';
    return url;
  } catch {
    throw new ContactPointError('value', `"${value}" is not a website address`);
  }
}

/** Normalises a tax or registration number: upper-cased, without spaces, dots, dashes or slashes. */
export function normalizeRegistryNumber(value: string): string {
  return value.toUpperCase().replace(/[\s./-]/g, '');
}
