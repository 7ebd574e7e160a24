import { type CountryCode, parsePhoneNumberWithError } from 'libphonenumber-js/max';
import { z } from 'zod';

const common = { label: z.string().trim().max(100).optional(), primary: z.boolean().optional() };

/** A contact point as callers give it; normalised on write. */
export const ContactPointInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email'), value: z.string().trim().toLowerCase().pipe(z.email()), ...common }),
  z.object({
    kind: z.literal('phone'),
    value: z.string().trim().min(3).max(40),
    region: z.string().length(2).optional(),
    ...common,
  }),
  z.object({
    kind: z.literal('address'),
    street: z.string().trim().max(200).optional(),
    extra: z.string().trim().max(200).optional(),
    postalCode: z.string().trim().max(20).optional(),
    city: z.string().trim().min(1).max(100),
    region: z.string().trim().max(100).optional(),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'),
    ...common,
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
  /** The normalised value: lower-cased email, E.164 phone, one-line address, URL, `network:handle`. */
  value: string;
  label: string | null;
  primary: boolean;
  /** Structured parts (address fields, phone region, messenger network…). */
  details: Record<string, string>;
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
 * Normalises one validated contact point: phones to E.164 with libphonenumber-js (using the given or
 * default region), websites to `https://host/path` with a lower-cased host.
 */
export function normalizeContactPoint(
  input: ParsedContactPoint,
  defaultRegion: string,
): NormalizedContactPoint {
  const base = { label: input.label ?? null, primary: input.primary ?? false };
  switch (input.kind) {
    case 'email':
      return { ...base, kind: 'email', value: input.value, details: {} };
    case 'phone': {
      const region = (input.region ?? defaultRegion).toUpperCase() as CountryCode;
      let phone: ReturnType<typeof parsePhoneNumberWithError>;
      try {
        phone = parsePhoneNumberWithError(input.value, region);
      } catch {
        throw new ContactPointError('value', `"${input.value}" is not a phone number`);
      }
      if (!phone.isValid())
        throw new ContactPointError('value', `"${input.value}" is not a valid phone number`);
      return { ...base, kind: 'phone', value: phone.number, details: { country: phone.country ?? region } };
    }
    case 'address': {
      const parts = [
        input.street,
        input.extra,
        [input.postalCode, input.city].filter(Boolean).join(' '),
        input.region,
        input.country,
      ];
      const details: Record<string, string> = { city: input.city, country: input.country };
      for (const key of ['street', 'extra', 'postalCode', 'region'] as const) {
        if (input[key]) details[key] = input[key];
      }
      return { ...base, kind: 'address', value: parts.filter(Boolean).join(', '), details };
    }
    case 'website': {
      const url = websiteUrl(input.value);
      return {
        ...base,
        kind: 'website',
        value: url.href.replace(/\/$/, ''),
        details: { domain: domainOf(url) },
      };
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

/** The registrable identity of a website: its host, lower-cased, without `www.`. */
export function domainOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^www\./, '');
}

/** Normalises a tax or registration number: upper-cased, without spaces, dots, dashes or slashes. */
export function normalizeRegistryNumber(value: string): string {
  return value.toUpperCase().replace(/[\s./-]/g, '');
}
