import { uuidv7 } from 'uuidv7';
import type { TxContext } from '../kernel/context.js';
import { type FieldIssue, InvalidDataError } from '../kernel/errors.js';
import type { ContactPointWarning } from './contact-point-quality.js';
import {
  ContactPointError,
  type ContactPointInput,
  ContactPointInputSchema,
  type NormalizedContactPoint,
  type NormalizeOptions,
  normalizeContactPoint,
} from './contact-points.js';
import { DuplicatePartyError } from './duplicates-error.js';
import type { Party } from './party.js';
import { claimIdentities } from './party-writer.js';
import { contactKeyOf, identityKeysOf } from './prepare.js';
import { sharedDomainOverrides } from './shared-domain-settings.js';
import type { SharedDomainOverrides } from './shared-domains.js';

/**
 * Attaches normalised contact points to a locked party: the first of a kind becomes primary, a new
 * primary demotes the old one, and identity keys are claimed (a clash is a duplicate error).
 */
export async function attachContactPoints(
  tx: TxContext,
  party: Party,
  points: ReadonlyArray<NormalizedContactPoint & { id: string }>,
  sharedDomains?: SharedDomainOverrides,
): Promise<void> {
  if (points.length === 0) return;
  const rows = points.map((cp) => {
    const hasPrimary = party.contactPoints.some((existing) => existing.kind === cp.kind && existing.primary);
    const firstOfKind = points.find((p) => p.kind === cp.kind) === cp;
    return {
      ...cp,
      is_primary:
        cp.primary || (!hasPrimary && firstOfKind && !points.some((p) => p.kind === cp.kind && p.primary)),
    };
  });
  const demote = [...new Set(rows.filter((r) => r.is_primary).map((r) => r.kind))];
  if (demote.length > 0) {
    await tx.sql(
      `update core_contact_point set is_primary = false
       where tenant_id = $1 and party_id = $2 and kind = any($3) and is_primary and removed_at is null`,
      [tx.tenantId, party.id, demote],
    );
  }
  await tx.sql(
    `insert into core_contact_point (tenant_id, id, party_id, kind, value, label, is_primary, details, quality, identifying)
     select $1, r.id, $2, r.kind, r.value, r.label, r.is_primary, r.details, r.quality, r.identifying
     from jsonb_to_recordset($3::jsonb) as r(id uuid, kind text, value text, label text, is_primary boolean, details jsonb, quality text, identifying boolean)`,
    [tx.tenantId, party.id, JSON.stringify(rows)],
  );
  const needsList = points.some((cp) => cp.kind === 'website') && sharedDomains === undefined;
  const keys = identityKeysOf(
    party.kind,
    null,
    null,
    points,
    needsList ? await sharedDomainOverrides(tx) : sharedDomains,
  );
  const owned = new Set(
    party.contactPoints.flatMap((cp) => {
      const key = contactKeyOf(party.kind, cp);
      return key ? [`${key.kind}:${key.value}`] : [];
    }),
  );
  const conflicts = await claimIdentities(
    tx,
    keys.filter((k) => !owned.has(`${k.kind}:${k.value}`)).map((k) => ({ ...k, partyId: party.id })),
  );
  if (conflicts.length > 0) throw DuplicatePartyError.fromConflicts(conflicts);
}

/**
 * Normalises contact point inputs, collecting every bad field as one invalid-data error; values kept
 * but flagged are reported in `options.warnings` with their full paths.
 */
export function normalizeAll(
  inputs: readonly ContactPointInput[],
  defaultRegion: string,
  prefix = 'contactPoints',
  options: NormalizeOptions = {},
) {
  const issues: FieldIssue[] = [];
  const points: Array<NormalizedContactPoint & { id: string }> = [];
  inputs.forEach((raw, i) => {
    const result = ContactPointInputSchema.safeParse(raw);
    if (!result.success) {
      issues.push(...InvalidDataError.fromZod('contact point', result.error, [prefix, i]).issues);
      return;
    }
    const found: ContactPointWarning[] = [];
    try {
      points.push({
        ...normalizeContactPoint(result.data, defaultRegion, { ...options, warnings: found }),
        id: uuidv7(),
      });
      options.warnings?.push(...found.map((w) => ({ ...w, path: `${prefix}.${i}.${w.path}` })));
    } catch (error) {
      if (!(error instanceof ContactPointError)) throw error;
      issues.push({ path: `${prefix}.${i}.${error.field}`, message: error.message, code: 'invalid_format' });
    }
  });
  if (issues.length > 0) throw new InvalidDataError('contact points', issues);
  return points;
}
