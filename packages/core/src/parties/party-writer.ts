import { uuidv7 } from 'uuidv7';
import type { TxContext } from '../kernel/context.js';
import type { DuplicateMatch } from './duplicates-error.js';
import type { IdentityKey } from './party.js';
import type { PreparedParty } from './prepare.js';

/** An identity key a party could not claim because another party holds it. */
export interface IdentityConflict extends DuplicateMatch {
  /** The party that tried to claim the key. */
  claimantId: string;
}

/**
 * Claims identity keys for parties in one statement. The primary key (tenant, kind, value) makes the
 * database the judge: of two concurrent claims one wins, the other gets a conflict naming the winner.
 */
export async function claimIdentities(
  tx: TxContext,
  claims: ReadonlyArray<IdentityKey & { partyId: string }>,
): Promise<IdentityConflict[]> {
  if (claims.length === 0) return [];
  const won = await tx.sql<{ kind: string; value: string }>(claimIdentitiesSql('$2'), [
    tx.tenantId,
    claimsJson(claims),
  ]);
  return identityConflicts(tx, claims, won);
}

/**
 * The insert that claims identity keys for the tenant `$1`, the claims being the JSON `claims` (a
 * placeholder bound to {@link claimsJson}); it returns the keys won.
 */
export function claimIdentitiesSql(claims: string): string {
  return `insert into core_party_identity (tenant_id, kind, value, party_id)
     select $1, r.kind, r.value, r.party_id from jsonb_to_recordset(${claims}::jsonb) as r(kind text, value text, party_id uuid)
     on conflict do nothing returning kind, value`;
}

/** Identity claims as {@link claimIdentitiesSql} reads them. */
export function claimsJson(claims: ReadonlyArray<IdentityKey & { partyId: string }>): string {
  return JSON.stringify(claims.map((c) => ({ kind: c.kind, value: c.value, party_id: c.partyId })));
}

/**
 * The conflicts of identity claims of which only `won` were inserted: each lost key with the party
 * that holds it (one query, only when something was lost).
 */
export async function identityConflicts(
  tx: TxContext,
  claims: ReadonlyArray<IdentityKey & { partyId: string }>,
  won: ReadonlyArray<IdentityKey | { kind: string; value: string }>,
): Promise<IdentityConflict[]> {
  if (won.length === claims.length) return [];
  const wonKeys = new Set(won.map((w) => `${w.kind}:${w.value}`));
  const lost = claims.filter((c) => !wonKeys.has(`${c.kind}:${c.value}`) || countOf(claims, c) > 1);
  const holders = await identityHolders(tx, lost);
  return lost.flatMap((claim) => {
    const holder = holders.get(`${claim.kind}:${claim.value}`);
    return holder && holder.partyId !== claim.partyId ? [{ ...holder, claimantId: claim.partyId }] : [];
  });
}

function countOf(claims: ReadonlyArray<IdentityKey>, key: IdentityKey): number {
  return claims.filter((c) => c.kind === key.kind && c.value === key.value).length;
}

/** Who holds each of the given identity keys now. */
export async function identityHolders(
  tx: TxContext,
  keys: ReadonlyArray<IdentityKey>,
): Promise<Map<string, DuplicateMatch>> {
  if (keys.length === 0) return new Map();
  const rows = await tx.sql<{
    kind: IdentityKey['kind'];
    value: string;
    party_id: string;
    display_name: string;
    owner_id: string | null;
  }>(
    `select i.kind, i.value, i.party_id, p.display_name, p.owner_id
     from jsonb_to_recordset($2::jsonb) as k(kind text, value text)
     join core_party_identity i on i.tenant_id = $1 and i.kind = k.kind and i.value = k.value
     join core_party p on p.tenant_id = i.tenant_id and p.id = i.party_id`,
    [tx.tenantId, JSON.stringify(keys.map((k) => ({ kind: k.kind, value: k.value })))],
  );
  return new Map(
    rows.map((r) => [
      `${r.kind}:${r.value}`,
      { kind: r.kind, value: r.value, partyId: r.party_id, displayName: r.display_name, ownerId: r.owner_id },
    ]),
  );
}

/**
 * Writes prepared parties in one statement whatever the batch size: the parties, their contact
 * points, roles, consents, dates and a history entry each. Identity keys are claimed
 * separately ({@link claimIdentities}) so callers decide what a conflict means.
 */
export async function insertParties(
  tx: TxContext,
  parties: readonly PreparedParty[],
  operation = 'create',
): Promise<void> {
  if (parties.length === 0) return;
  const insert = insertPartiesCtes(tx, parties, operation);
  await tx.sql(`with ${insert.sql} select (select count(*) from parties) as parties`, insert.params);
}

/**
 * The common table expressions that insert prepared parties (`parties` returns the inserted rows,
 * `roles` each role's id and `valid_from`), and their parameters `$1`–`$8`: a caller may add its
 * own expressions and parameters to the same statement. One statement, one round trip: the rows of
 * the other tables refer to the parties inserted beside them, which their foreign keys see (checked
 * at the end of the statement). An empty list inserts nothing.
 */
export function insertPartiesCtes(
  tx: TxContext,
  parties: readonly PreparedParty[],
  operation: string,
): { sql: string; params: unknown[] } {
  const points = parties.flatMap((p) =>
    p.contactPoints.map((cp) => ({ ...cp, party_id: p.id, is_primary: cp.primary })),
  );
  const roles = parties.flatMap((p) =>
    p.roles.map((r) => ({ id: r.id, party_id: p.id, role: r.role, organization_id: r.organizationId })),
  );
  const consents = parties.flatMap((p) => p.consents.map((c) => ({ ...c, party_id: p.id })));
  const dates = parties.flatMap((p) => p.dates.map((d) => ({ ...d, party_id: p.id })));
  const history = parties.map((p) => ({
    id: uuidv7(),
    party_id: p.id,
    operation,
    changes: { created: { kind: p.kind, displayName: p.displayName } },
  }));
  return {
    sql: `parties as (
       insert into core_party (tenant_id, id, kind, display_name, given_name, family_name, organization_name, legal_name,
         tax_number, registration_number, locale, lifecycle, owner_id, team_id, source_channel, source_campaign,
         source_referrer_id, city, tags, custom)
       select $1, r.id, r.kind, r.display_name, r.given_name, r.family_name, r.organization_name, r.legal_name,
         r.tax_number, r.registration_number, r.locale, r.lifecycle, r.owner_id, r.team_id, r.source_channel,
         r.source_campaign, r.source_referrer_id, r.city, r.tags, r.custom
       from jsonb_to_recordset($2::jsonb) as r(id uuid, kind text, display_name text, given_name text, family_name text,
         organization_name text, legal_name text, tax_number text, registration_number text, locale text, lifecycle text,
         owner_id uuid, team_id uuid, source_channel text, source_campaign text, source_referrer_id uuid, city text,
         tags text[], custom jsonb)
       returning *
     ), points as (
       insert into core_contact_point (tenant_id, id, party_id, kind, value, label, is_primary, details, quality, identifying)
       select $1, r.id, r.party_id, r.kind, r.value, r.label, r.is_primary, r.details, r.quality, r.identifying
       from jsonb_to_recordset($3::jsonb) as r(id uuid, party_id uuid, kind text, value text, label text, is_primary boolean, details jsonb, quality text, identifying boolean)
       returning 1
     ), roles as (
       insert into core_party_role (tenant_id, id, party_id, role, organization_id)
       select $1, r.id, r.party_id, r.role, r.organization_id
       from jsonb_to_recordset($4::jsonb) as r(id uuid, party_id uuid, role text, organization_id uuid)
       returning id, valid_from
     ), consents as (
       insert into core_consent (tenant_id, id, party_id, channel, status, source, at, actor)
       select $1, r.id, r.party_id, r.channel, r.status, r.source, r.at, $8::jsonb
       from jsonb_to_recordset($5::jsonb) as r(id uuid, party_id uuid, channel text, status text, source text, at timestamptz)
       returning 1
     ), dates as (
       insert into core_party_date (tenant_id, id, party_id, kind, label, month, day, year)
       select $1, r.id, r.party_id, r.kind, r.label, r.month, r.day, r.year
       from jsonb_to_recordset($6::jsonb) as r(id uuid, party_id uuid, kind text, label text, month smallint, day smallint, year smallint)
       returning 1
     ), history as (
       insert into core_party_history (tenant_id, id, party_id, actor, operation, changes)
       select $1, r.id, r.party_id, $8::jsonb, r.operation, r.changes
       from jsonb_to_recordset($7::jsonb) as r(id uuid, party_id uuid, operation text, changes jsonb)
       returning 1
     )`,
    params: [
      tx.tenantId,
      JSON.stringify(parties.map(partyRow)),
      JSON.stringify(points),
      JSON.stringify(roles),
      JSON.stringify(consents),
      JSON.stringify(dates),
      JSON.stringify(history),
      JSON.stringify(tx.actor),
    ],
  };
}

/** One entry of a party's change history. */
export interface HistoryEntryInput {
  partyId: string;
  operation: string;
  /** Field → `[old, new]`, or any JSON that explains the change. */
  changes: Record<string, unknown>;
}

/** Appends history entries (one statement for any number). */
export async function recordHistory(tx: TxContext, entries: readonly HistoryEntryInput[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.sql(
    `insert into core_party_history (tenant_id, id, party_id, actor, operation, changes)
     select $1, r.id, r.party_id, $3::jsonb, r.operation, r.changes
     from jsonb_to_recordset($2::jsonb) as r(id uuid, party_id uuid, operation text, changes jsonb)`,
    [
      tx.tenantId,
      JSON.stringify(
        entries.map((e) => ({
          id: uuidv7(),
          party_id: e.partyId,
          operation: e.operation,
          changes: e.changes,
        })),
      ),
      JSON.stringify(tx.actor),
    ],
  );
}

function partyRow(p: PreparedParty) {
  return {
    id: p.id,
    kind: p.kind,
    display_name: p.displayName,
    given_name: p.givenName,
    family_name: p.familyName,
    organization_name: p.organizationName,
    legal_name: p.legalName,
    tax_number: p.taxNumber,
    registration_number: p.registrationNumber,
    locale: p.locale,
    lifecycle: p.lifecycle,
    owner_id: p.ownerId,
    team_id: p.teamId,
    source_channel: p.sourceChannel,
    source_campaign: p.sourceCampaign,
    source_referrer_id: p.sourceReferrerId,
    city: p.city,
    tags: p.tags,
    custom: p.custom,
  };
}
