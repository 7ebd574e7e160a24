import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import { type FieldIssue, InvalidDataError } from '../kernel/errors.js';
import type { ContactPointWarning } from './contact-point-quality.js';
import {
  ContactPointError,
  countryOfAddress,
  type NormalizedContactPoint,
  normalizeContactPoint,
  normalizeRegistryNumber,
} from './contact-points.js';
import { type CustomFieldDefinition, validateCustom } from './custom-fields.js';
import type { IdentityKey } from './party.js';
import type { PartyInputSchema } from './party-input.js';
import { isSharedDomain, type SharedDomainOverrides } from './shared-domains.js';

type ParsedPartyInput = z.output<typeof PartyInputSchema>;

/** A party ready to be written: ids assigned, values normalised, identity keys computed. */
export interface PreparedParty {
  id: string;
  kind: 'person' | 'organization';
  displayName: string;
  givenName: string | null;
  familyName: string | null;
  organizationName: string | null;
  legalName: string | null;
  taxNumber: string | null;
  registrationNumber: string | null;
  locale: string | null;
  lifecycle: string | null;
  ownerId: string | null;
  teamId: string | null;
  sourceChannel: string | null;
  sourceCampaign: string | null;
  sourceReferrerId: string | null;
  city: string | null;
  tags: string[];
  custom: Record<string, unknown>;
  contactPoints: Array<NormalizedContactPoint & { id: string }>;
  roles: Array<{ id: string; role: string; organizationId: string | null }>;
  consents: Array<{ id: string; channel: string; status: string; source: string | null; at: Date }>;
  dates: Array<{
    id: string;
    kind: string;
    label: string | null;
    month: number;
    day: number;
    year: number | null;
  }>;
  identities: IdentityKey[];
  /** Values kept but flagged (an odd phone, email or country), with their paths. */
  warnings: ContactPointWarning[];
}

/** How to prepare parties. */
export interface PrepareOptions {
  defaultRegion: string;
  customFields: CustomFieldDefinition[];
  /** Refuse odd phones, emails and countries instead of keeping them flagged. */
  strict?: boolean;
  /** The tenant's changes to the shared-domain list (default: none). */
  sharedDomains?: SharedDomainOverrides;
}

/** The display name of a party: the given one, or built from its names. */
export function displayNameOf(p: {
  kind: string;
  displayName?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  organizationName?: string | null;
}): string {
  if (p.displayName) return p.displayName;
  if (p.kind === 'organization') return p.organizationName ?? '';
  return [p.givenName, p.familyName].filter(Boolean).join(' ');
}

/**
 * The identity keys of a party: emails, phones, tax and registration numbers, and organisations'
 * registrable website domains. Contact points marked not identifying or unverified give none, nor
 * does a website on a shared host or platform.
 */
export function identityKeysOf(
  kind: string,
  taxNumber: string | null,
  registrationNumber: string | null,
  contactPoints: ReadonlyArray<
    Pick<NormalizedContactPoint, 'kind' | 'value' | 'details'> & Partial<NormalizedContactPoint>
  >,
  sharedDomains?: SharedDomainOverrides,
): IdentityKey[] {
  const keys = new Map<string, IdentityKey>();
  const add = (key: IdentityKey) => keys.set(`${key.kind}:${key.value}`, key);
  if (taxNumber) add({ kind: 'tax_number', value: taxNumber });
  if (registrationNumber) add({ kind: 'registration_number', value: registrationNumber });
  for (const cp of contactPoints) {
    if (cp.identifying === false || cp.quality === 'unverified') continue;
    const key = contactKeyOf(kind, cp);
    if (key && !(key.kind === 'domain' && isSharedDomain(cp.details.host ?? key.value, sharedDomains)))
      add(key);
  }
  return [...keys.values()];
}

/** The identity key a contact point would give, flags and shared hosts aside (what to release on removal). */
export function contactKeyOf(
  kind: string,
  cp: Pick<NormalizedContactPoint, 'kind' | 'value' | 'details'>,
): IdentityKey | undefined {
  if (cp.kind === 'email' || cp.kind === 'phone') return { kind: cp.kind, value: cp.value };
  if (cp.kind === 'website' && kind === 'organization' && cp.details.domain)
    return { kind: 'domain', value: cp.details.domain };
  return undefined;
}

/** Makes the first contact point of each kind primary unless one is marked; refuses two primaries. */
export function assignPrimaries(
  points: NormalizedContactPoint[],
  issues: FieldIssue[],
  prefix = 'contactPoints',
): void {
  const seen = new Map<string, number>();
  points.forEach((cp, i) => {
    if (!cp.primary) return;
    if (seen.has(cp.kind))
      issues.push({
        path: `${prefix}.${i}.primary`,
        message: `two primary ${cp.kind} contact points`,
        code: 'custom',
      });
    seen.set(cp.kind, i);
  });
  for (const cp of points) {
    if (!seen.has(cp.kind)) {
      cp.primary = true;
      seen.set(cp.kind, -1);
    }
  }
}

/**
 * Normalises a validated party input. Every problem (a bad phone, an unknown custom field…) is
 * collected and thrown as one invalid-data error listing each field path.
 */
export function prepareParty(input: ParsedPartyInput, options: PrepareOptions): PreparedParty {
  const issues: FieldIssue[] = [];
  const warnings: ContactPointWarning[] = [];
  const contactPoints: PreparedParty['contactPoints'] = [];
  const regionHint = (input.contactPoints ?? []).map(countryOfAddress).find(Boolean);
  (input.contactPoints ?? []).forEach((cp, i) => {
    const found: ContactPointWarning[] = [];
    try {
      const point = normalizeContactPoint(cp, options.defaultRegion, {
        strict: options.strict,
        regionHint,
        warnings: found,
      });
      contactPoints.push({ ...point, id: uuidv7() });
      warnings.push(...found.map((w) => ({ ...w, path: `contactPoints.${i}.${w.path}` })));
    } catch (error) {
      if (!(error instanceof ContactPointError)) throw error;
      issues.push({
        path: `contactPoints.${i}.${error.field}`,
        message: error.message,
        code: 'invalid_format',
      });
    }
  });
  assignPrimaries(contactPoints, issues);
  let custom: Record<string, unknown> = {};
  try {
    custom = validateCustom(input.custom ?? {}, options.customFields);
  } catch (error) {
    if (!(error instanceof InvalidDataError)) throw error;
    issues.push(...error.issues);
  }
  if (issues.length > 0) throw new InvalidDataError('party', issues);

  const taxNumber = input.taxNumber ? normalizeRegistryNumber(input.taxNumber) : null;
  const registrationNumber = input.registrationNumber
    ? normalizeRegistryNumber(input.registrationNumber)
    : null;
  const roles = (input.roles ?? []).map((r) =>
    typeof r === 'string'
      ? { role: r, organizationId: null }
      : { role: r.role, organizationId: r.organizationId ?? null },
  );
  const lifecycle =
    input.lifecycle ??
    (roles.some((r) => r.role === 'customer')
      ? 'customer'
      : roles.some((r) => r.role === 'lead')
        ? 'lead'
        : null);
  if (lifecycle === 'lead' || lifecycle === 'qualified') addRole(roles, 'lead');
  if (lifecycle === 'customer') addRole(roles, 'customer');
  const address = contactPoints.find((cp) => cp.kind === 'address' && cp.primary);
  return {
    id: uuidv7(),
    kind: input.kind,
    displayName: displayNameOf(input),
    givenName: input.givenName ?? null,
    familyName: input.familyName ?? null,
    organizationName: input.organizationName ?? null,
    legalName: input.legalName ?? null,
    taxNumber,
    registrationNumber,
    locale: input.locale ?? null,
    lifecycle,
    ownerId: input.ownerId ?? null,
    teamId: input.teamId ?? null,
    sourceChannel: input.source?.channel ?? null,
    sourceCampaign: input.source?.campaign ?? null,
    sourceReferrerId: input.source?.referrerId ?? null,
    city: address?.details.city ?? null,
    tags: [...new Set(input.tags ?? [])],
    custom,
    contactPoints,
    roles: roles.map((r) => ({ ...r, id: uuidv7() })),
    consents: (input.consents ?? []).map((c) => ({
      id: uuidv7(),
      channel: c.channel,
      status: c.status,
      source: c.source ?? null,
      at: c.at ?? new Date(),
    })),
    dates: (input.dates ?? []).map((d) => ({
      id: uuidv7(),
      kind: d.kind,
      label: d.label ?? null,
      month: d.month,
      day: d.day,
      year: d.year ?? null,
    })),
    identities: identityKeysOf(
      input.kind,
      taxNumber,
      registrationNumber,
      contactPoints,
      options.sharedDomains,
    ),
    warnings,
  };
}

function addRole(roles: Array<{ role: string; organizationId: string | null }>, role: string): void {
  if (!roles.some((r) => r.role === role && r.organizationId === null))
    roles.push({ role, organizationId: null });
}
