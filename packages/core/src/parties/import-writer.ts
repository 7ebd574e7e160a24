import type { TxContext } from '../kernel/context.js';
import { ErrorCode, type FieldIssue, RapportError } from '../kernel/errors.js';
import type { CrmHooks } from '../kernel/hooks.js';
import { HOOKS } from '../kernel/tokens.js';
import { type BatchPlan, classify, keyOf } from './import-classify.js';
import type { ImportItem } from './import-rows.js';
import type { ImportMatch, OnDuplicate } from './import-types.js';
import { linkToExisting } from './link.js';
import type { IdentityKey } from './party.js';
import { claimIdentities, type IdentityConflict, identityHolders, insertParties } from './party-writer.js';

/** A concurrent writer took a key this batch counted on; the batch is rolled back and redone. */
export class ImportConflictError extends RapportError {
  constructor(readonly conflicts: IdentityConflict[]) {
    super(
      ErrorCode.CONFLICT,
      'Concurrent writes kept taking keys of an import batch; run the import again (imported rows are skipped)',
      {
        details: { conflicts },
      },
    );
    this.name = 'ImportConflictError';
  }
}

/** How to write a batch. */
export interface WriteBatchOptions {
  source: string;
  onDuplicate: OnDuplicate;
  /** Rows an earlier attempt lost to a concurrent writer, with the parties that won. */
  forced: ReadonlyMap<number, ImportMatch[]>;
}

/**
 * Writes one batch inside `tx` with a fixed number of statements (plus a few per linked row): looks
 * up its external keys and identity keys, classifies the rows, inserts the new parties, claims
 * their identity keys and records their external keys. Throws {@link ImportConflictError} when a
 * concurrent writer won a key, so the caller rolls back and redoes the batch.
 */
export async function writeBatch(
  tx: TxContext,
  items: readonly ImportItem[],
  options: WriteBatchOptions,
): Promise<BatchPlan> {
  const keys = items.flatMap((item) => (item.externalKey === null ? [] : [item.externalKey]));
  const known = await knownExternalKeys(tx, options.source, keys);
  const refused = await refuseBadOwners(tx, items);
  const writable = refused.size === 0 ? items : items.filter((item) => !refused.has(item.row));
  const identities = new Map<string, IdentityKey>();
  for (const item of writable) {
    if (item.externalKey !== null && known.has(item.externalKey)) continue;
    for (const key of item.party.identities) identities.set(keyOf(key), key);
  }
  const holders = await identityHolders(tx, [...identities.values()]);
  const plan = classify(writable, { known, holders, forced: options.forced }, options.onDuplicate);
  for (const item of items) {
    const issues = refused.get(item.row);
    if (issues) plan.failed.push({ item, issues });
  }

  await insertParties(
    tx,
    plan.create.map((item) => item.party),
    'import',
  );
  const conflicts = await claimIdentities(
    tx,
    plan.create.flatMap((item) => item.party.identities.map((key) => ({ ...key, partyId: item.party.id }))),
  );
  if (conflicts.length > 0) throw new ImportConflictError(conflicts);
  const keyed = plan.create.flatMap((item) =>
    item.externalKey === null ? [] : [{ key: item.externalKey, partyId: item.party.id }],
  );
  for (const { item, partyId } of plan.link) {
    const party = await linkToExisting(tx, item.party);
    // It matched another party than the batch's lookup found: someone changed it meanwhile.
    if (party?.id !== partyId) throw new ImportConflictError([]);
    if (item.externalKey !== null) keyed.push({ key: item.externalKey, partyId });
  }
  await recordExternalKeys(tx, options.source, keyed);
  const hooks = tx.resolve<Readonly<CrmHooks>>(HOOKS);
  if (hooks.partiesImported.isUsed()) {
    await hooks.partiesImported.promise(
      {
        source: options.source,
        createdIds: plan.create.map((item) => item.party.id),
        linkedIds: plan.link.map((l) => l.partyId),
      },
      tx,
    );
  }
  return plan;
}

/** The external keys of `source`, among `keys`, that already name a party, with that party's id. */
export async function knownExternalKeys(
  tx: TxContext,
  source: string,
  keys: readonly string[],
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await tx.sql<{ key: string; party_id: string }>(
    'select key, party_id from core_party_external_key where tenant_id = $1 and source = $2 and key = any($3::text[])',
    [tx.tenantId, source, keys],
  );
  return new Map(rows.map((r) => [r.key, r.party_id]));
}

/**
 * The rows whose owner is not an active employee of this tenant, or whose team is not one of its
 * departments, with the issue naming the field: one query for the batch, so such a row fails alone
 * instead of failing the whole batch on a foreign key (or being owned by someone who left).
 */
async function refuseBadOwners(
  tx: TxContext,
  items: readonly ImportItem[],
): Promise<Map<number, FieldIssue[]>> {
  const owners = [...new Set(items.flatMap((i) => (i.party.ownerId ? [i.party.ownerId] : [])))];
  const teams = [...new Set(items.flatMap((i) => (i.party.teamId ? [i.party.teamId] : [])))];
  const refused = new Map<number, FieldIssue[]>();
  if (owners.length === 0 && teams.length === 0) return refused;
  const rows = await tx.sql<{ kind: 'owner' | 'team'; id: string; active: boolean }>(
    `select 'owner' as kind, id, active from core_employee where tenant_id = $1 and id = any($2::uuid[])
     union all
     select 'team', id, true from core_department where tenant_id = $1 and id = any($3::uuid[])`,
    [tx.tenantId, owners, teams],
  );
  const found = new Map(rows.map((r) => [`${r.kind}:${r.id}`, r.active]));
  for (const item of items) {
    const issues: FieldIssue[] = [];
    const { ownerId, teamId } = item.party;
    if (ownerId) {
      const active = found.get(`owner:${ownerId}`);
      if (active === undefined)
        issues.push({ path: 'ownerId', message: `no employee ${ownerId} in this tenant`, code: 'not_found' });
      else if (!active)
        issues.push({
          path: 'ownerId',
          message: `employee ${ownerId} is deactivated and cannot own parties`,
          code: 'custom',
        });
    }
    if (teamId && !found.has(`team:${teamId}`))
      issues.push({ path: 'teamId', message: `no department ${teamId} in this tenant`, code: 'not_found' });
    if (issues.length > 0) refused.set(item.row, issues);
  }
  return refused;
}

/** Records external keys; one taken meanwhile by a concurrent import of the same source is a conflict. */
async function recordExternalKeys(
  tx: TxContext,
  source: string,
  keys: ReadonlyArray<{ key: string; partyId: string }>,
): Promise<void> {
  if (keys.length === 0) return;
  const inserted = await tx.sql<{ key: string }>(
    `insert into core_party_external_key (tenant_id, source, key, party_id)
     select $1, $2, k.key, k.party_id from unnest($3::text[], $4::uuid[]) as k(key, party_id)
     on conflict do nothing returning key`,
    [tx.tenantId, source, keys.map((k) => k.key), keys.map((k) => k.partyId)],
  );
  if (inserted.length < keys.length) throw new ImportConflictError([]);
}
