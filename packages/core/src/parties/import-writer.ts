import type { TxContext } from '../kernel/context.js';
import { ErrorCode, RapportError } from '../kernel/errors.js';
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
  const identities = new Map<string, IdentityKey>();
  for (const item of items) {
    if (item.externalKey !== null && known.has(item.externalKey)) continue;
    for (const key of item.party.identities) identities.set(keyOf(key), key);
  }
  const holders = await identityHolders(tx, [...identities.values()]);
  const plan = classify(items, { known, holders, forced: options.forced }, options.onDuplicate);

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

/** The external keys of `source`, among `keys`, that already name a party. */
export async function knownExternalKeys(
  tx: TxContext,
  source: string,
  keys: readonly string[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await tx.sql<{ key: string }>(
    'select key from core_party_external_key where tenant_id = $1 and source = $2 and key = any($3::text[])',
    [tx.tenantId, source, keys],
  );
  return new Set(rows.map((r) => r.key));
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
