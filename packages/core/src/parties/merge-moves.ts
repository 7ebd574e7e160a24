import type { TxContext } from '../kernel/context.js';
import { moveOrganisationRows } from './merge-organisation.js';
import { type MergePair, type MoveCounts, repoint, touched } from './merge-sql.js';

/**
 * Moves the contact points: one the survivor already has (same kind and value) is marked removed
 * rather than duplicated; the survivor keeps one primary per kind (its own, unless that one is marked
 * invalid and the merged party's is not).
 */
async function moveContactPoints(tx: TxContext, pair: MergePair, counts: MoveCounts): Promise<void> {
  const v = [tx.tenantId, pair.survivorId, pair.mergedId];
  const active = (party: string, alias: string) =>
    `${alias}.tenant_id = $1 and ${alias}.party_id = ${party} and ${alias}.removed_at is null`;
  counts.resolved['core_contact_point.removed_duplicates'] = await touched(
    tx,
    `update core_contact_point m set removed_at = now(), is_primary = false where ${active('$3', 'm')}
       and exists (select 1 from core_contact_point s where ${active('$2', 's')} and s.kind = m.kind and s.value = m.value)`,
    v,
  );
  // Two statements each: the unique index on primaries is checked row by row.
  await tx.sql(
    `update core_contact_point s set is_primary = false where ${active('$2', 's')} and s.is_primary and s.invalid_at is not null
       and exists (select 1 from core_contact_point m where ${active('$3', 'm')} and m.kind = s.kind and m.is_primary and m.invalid_at is null)`,
    v,
  );
  await tx.sql(
    `update core_contact_point m set is_primary = false where ${active('$3', 'm')} and m.is_primary
       and exists (select 1 from core_contact_point s where ${active('$2', 's')} and s.kind = m.kind and s.is_primary)`,
    v,
  );
  counts.moved.core_contact_point = await repoint(tx, pair, 'core_contact_point');
  await tx.sql(
    `update core_contact_point set is_primary = true where tenant_id = $1 and id in (
       select distinct on (x.kind) x.id from core_contact_point x where ${active('$2', 'x')}
         and not exists (select 1 from core_contact_point p where ${active('$2', 'p')} and p.kind = x.kind and p.is_primary)
       order by x.kind, x.invalid_at is not null, x.id)`,
    v.slice(0, 2),
  );
}

/**
 * Moves roles and re-points organisation references: a current role the survivor would then hold
 * twice (same role, same organisation) is ended with reason `merged`, keeping the survivor's own.
 */
async function moveRoles(tx: TxContext, pair: MergePair, counts: MoveCounts): Promise<void> {
  const v = [tx.tenantId, pair.survivorId, pair.mergedId];
  counts.resolved['core_party_role.ended_duplicates'] = await touched(
    tx,
    `with live as (
       select id, role, valid_from, (party_id = $3 or organization_id = $3) as moving,
         case when party_id = $3 then $2::uuid else party_id end as p,
         case when organization_id = $3 then $2::uuid else organization_id end as o
       from core_party_role
       where tenant_id = $1 and valid_to is null and (party_id in ($2, $3) or organization_id in ($2, $3))
     ), ranked as (
       select id, row_number() over (partition by p, role, o order by moving, valid_from, id) as n from live
     )
     update core_party_role r set valid_to = now(), end_reason = 'merged'
     from ranked where r.tenant_id = $1 and r.id = ranked.id and ranked.n > 1`,
    v,
  );
  counts.moved.core_party_role = await repoint(tx, pair, 'core_party_role');
  counts.moved['core_party_role.organization_id'] = await repoint(
    tx,
    pair,
    'core_party_role',
    'organization_id',
  );
}

/**
 * Moves relationships (both directions). One between the two parties would relate the survivor to
 * itself: it is dropped (the snapshot keeps it). One that duplicates an active relationship of the
 * survivor (same type and other party) is ended.
 */
async function moveRelationships(tx: TxContext, pair: MergePair, counts: MoveCounts): Promise<void> {
  const v = [tx.tenantId, pair.survivorId, pair.mergedId];
  counts.resolved['core_relationship.dropped_between_merged'] = await touched(
    tx,
    `delete from core_relationship where tenant_id = $1
       and ((from_party_id = $2 and to_party_id = $3) or (from_party_id = $3 and to_party_id = $2))`,
    v,
  );
  counts.resolved['core_relationship.ended_duplicates'] = await touched(
    tx,
    `with mapped as (
       select id, type, created_at, (from_party_id = $3 or to_party_id = $3) as moving,
         case when from_party_id = $3 then $2::uuid else from_party_id end as f,
         case when to_party_id = $3 then $2::uuid else to_party_id end as t
       from core_relationship
       where tenant_id = $1 and ended_at is null and (from_party_id in ($2, $3) or to_party_id in ($2, $3))
     ), ranked as (
       select id, row_number() over (
         partition by type, case when type = any($4) then least(f, t) else f end,
           case when type = any($4) then greatest(f, t) else t end
         order by moving, created_at, id) as n
       from mapped
     )
     update core_relationship r set ended_at = now(), valid_to = coalesce(r.valid_to, current_date)
     from ranked where r.tenant_id = $1 and r.id = ranked.id and ranked.n > 1`,
    [...v, pair.symmetricTypes],
  );
  counts.moved.core_relationship =
    (await repoint(tx, pair, 'core_relationship', 'from_party_id')) +
    (await repoint(tx, pair, 'core_relationship', 'to_party_id'));
}

/**
 * Moves every core row that points at the merged party to the survivor (contact points, identity
 * keys, roles and organisation references, consents, dates, relationships, history, external keys,
 * referrer references, earlier merges into the merged party, shares, reassignment and erasure
 * records), resolving duplicates on the way.
 */
export async function moveCoreRows(tx: TxContext, pair: MergePair): Promise<MoveCounts> {
  const counts: MoveCounts = { moved: {}, resolved: {} };
  const v = [tx.tenantId, pair.survivorId, pair.mergedId];
  await moveContactPoints(tx, pair, counts);
  counts.moved.core_party_identity = await repoint(tx, pair, 'core_party_identity');
  await moveRoles(tx, pair, counts);
  // Consents are append-only: the whole trail moves, and the latest state per channel wins.
  counts.moved.core_consent = await repoint(tx, pair, 'core_consent');
  counts.resolved['core_party_date.dropped_duplicates'] = await touched(
    tx,
    `delete from core_party_date m where m.tenant_id = $1 and m.party_id = $3 and exists (
       select 1 from core_party_date s where s.tenant_id = $1 and s.party_id = $2 and s.kind = m.kind
         and s.month = m.month and s.day = m.day and s.label is not distinct from m.label and s.year is not distinct from m.year)`,
    v,
  );
  counts.moved.core_party_date = await repoint(tx, pair, 'core_party_date');
  await moveRelationships(tx, pair, counts);
  counts.moved.core_party_history = await repoint(tx, pair, 'core_party_history');
  counts.moved.core_party_external_key = await repoint(tx, pair, 'core_party_external_key');
  counts.moved['core_party.source_referrer_id'] = await touched(
    tx,
    'update core_party set source_referrer_id = $2 where tenant_id = $1 and source_referrer_id = $3 and id <> $3',
    v,
  );
  // The survivor was referred by the merged party: it would now refer itself.
  await tx.sql(
    'update core_party set source_referrer_id = null where tenant_id = $1 and id = $2 and source_referrer_id = $2',
    v.slice(0, 2),
  );
  counts.moved['core_party_merge.survivor_id'] = await repoint(tx, pair, 'core_party_merge', 'survivor_id');
  await moveOrganisationRows(tx, pair, counts);
  return {
    moved: Object.fromEntries(Object.entries(counts.moved).filter(([, n]) => n > 0)),
    resolved: Object.fromEntries(Object.entries(counts.resolved).filter(([, n]) => n > 0)),
  };
}

/** The references to parties that {@link moveCoreRows} moves itself; any other is a plugin's. */
export const CORE_REFERENCES: ReadonlySet<string> = new Set([
  'core_contact_point.party_id',
  'core_party_identity.party_id',
  'core_party_role.party_id',
  'core_party_role.organization_id',
  'core_consent.party_id',
  'core_party_date.party_id',
  'core_relationship.from_party_id',
  'core_relationship.to_party_id',
  'core_party_history.party_id',
  'core_party_external_key.party_id',
  'core_party.source_referrer_id',
  'core_party_merge.survivor_id',
  'core_party_share.party_id',
  'core_reassignment_item.party_id',
  'core_erasure.party_id',
]);
