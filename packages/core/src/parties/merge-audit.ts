import type { Selectable } from 'kysely';
import type { Actor, TxContext } from '../kernel/context.js';
import type { RapportTables } from '../kernel/db.js';
import type { MergedSnapshot } from './merge-snapshot.js';
import type { FieldChanges } from './party-events.js';

/**
 * The audit record of one merge: enough to explain later what happened to a party that disappeared.
 */
export interface MergeRecord {
  id: string;
  /** The party that holds the merged party's data now (an earlier survivor merged away is followed). */
  survivorId: string;
  /** The survivor at the time of the merge. */
  originalSurvivorId: string;
  /** The survivor's display name at the time of the merge. */
  survivorName: string;
  /** The former id of the merged party (it no longer exists). */
  mergedId: string;
  /** The merged party as it was just before the merge. */
  mergedSnapshot: MergedSnapshot;
  /** Rows re-pointed to the survivor, per table (`table` or `table.column`); plugins' tables included. */
  moved: Record<string, number>;
  /** Duplicates resolved instead of moved: contact points removed, roles and relationships ended, … */
  resolved: Record<string, number>;
  /** The survivor's fields that changed: field → `[before, after]`. */
  fields: FieldChanges;
  /** Which party each field was asked to come from. */
  fieldsFrom: Record<string, 'survivor' | 'merged'>;
  reason: string | null;
  actor: Actor;
  at: Date;
}

/** What `core_party_merge.moved` holds besides the columns of its own. */
export type StoredMergeDetails = Pick<
  MergeRecord,
  'originalSurvivorId' | 'survivorName' | 'moved' | 'resolved' | 'fields' | 'fieldsFrom'
>;

const COLUMNS = ['id', 'survivorId', 'mergedId', 'mergedSnapshot', 'moved', 'reason', 'actor', 'at'] as const;

/** A merge row as `tx.db` reads it: the two jsonb columns as `core_party_merge` holds them. */
type MergeRow = { [K in (typeof COLUMNS)[number]]: Selectable<RapportTables['PartyMerge']>[K] };

function toRecord(row: MergeRow): MergeRecord {
  const details = row.moved as unknown as StoredMergeDetails;
  return {
    id: row.id,
    survivorId: row.survivorId,
    originalSurvivorId: details.originalSurvivorId,
    survivorName: details.survivorName,
    mergedId: row.mergedId,
    mergedSnapshot: row.mergedSnapshot as unknown as MergedSnapshot,
    moved: details.moved,
    resolved: details.resolved,
    fields: details.fields,
    fieldsFrom: details.fieldsFrom,
    reason: row.reason,
    actor: row.actor,
    at: row.at,
  };
}

/** Writes the audit record of a merge. */
export async function insertMergeRecord(
  tx: TxContext,
  record: {
    id: string;
    survivorId: string;
    mergedId: string;
    snapshot: MergedSnapshot;
    reason: string | null;
  },
  details: StoredMergeDetails,
): Promise<MergeRecord> {
  const row = await tx.db
    .insertInto('PartyMerge')
    .values({
      tenantId: tx.tenantId,
      id: record.id,
      survivorId: record.survivorId,
      mergedId: record.mergedId,
      mergedSnapshot: record.snapshot as unknown as Record<string, unknown>,
      moved: details as unknown as Record<string, unknown>,
      reason: record.reason,
      actor: tx.actor,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

/** Reads one merge record. */
export async function readMerge(tx: TxContext, mergeId: string): Promise<MergeRecord | undefined> {
  const row = await tx.db
    .selectFrom('PartyMerge')
    .select(COLUMNS)
    .where('tenantId', '=', tx.tenantId)
    .where('id', '=', mergeId)
    .executeTakeFirst();
  return row && toRecord(row);
}

/** The merges a party took part in, as survivor (now) or as the merged party, newest first. */
export async function readMergesOf(tx: TxContext, partyId: string): Promise<MergeRecord[]> {
  const rows = await tx.db
    .selectFrom('PartyMerge')
    .select(COLUMNS)
    .where('tenantId', '=', tx.tenantId)
    .where((eb) => eb.or([eb('survivorId', '=', partyId), eb('mergedId', '=', partyId)]))
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toRecord);
}

/**
 * Follows merges from a former party id to the party that holds its data now: the id itself when it
 * still exists, `undefined` when no party had it.
 */
export async function followMerges(tx: TxContext, partyId: string): Promise<string | undefined> {
  const [row] = await tx.sql<{ id: string }>(
    `with recursive chain(id, depth) as (
       select $2::uuid, 0
       union all
       select m.survivor_id, c.depth + 1 from chain c
       join core_party_merge m on m.tenant_id = $1 and m.merged_id = c.id
       where c.depth < 100
     )
     select c.id from chain c join core_party p on p.tenant_id = $1 and p.id = c.id order by c.depth limit 1`,
    [tx.tenantId, partyId],
  );
  return row?.id;
}
