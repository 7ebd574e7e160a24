import type { Actor, TxContext } from '../kernel/context.js';
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

interface MergeRow {
  id: string;
  survivor_id: string;
  merged_id: string;
  merged_snapshot: MergedSnapshot;
  moved: StoredMergeDetails;
  reason: string | null;
  actor: Actor;
  at: string;
}

const COLUMNS = 'id, survivor_id, merged_id, merged_snapshot, moved, reason, actor, at';

function toRecord(row: MergeRow): MergeRecord {
  return {
    id: row.id,
    survivorId: row.survivor_id,
    originalSurvivorId: row.moved.originalSurvivorId,
    survivorName: row.moved.survivorName,
    mergedId: row.merged_id,
    mergedSnapshot: row.merged_snapshot,
    moved: row.moved.moved,
    resolved: row.moved.resolved,
    fields: row.moved.fields,
    fieldsFrom: row.moved.fieldsFrom,
    reason: row.reason,
    actor: row.actor,
    at: new Date(row.at),
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
  const [row] = await tx.sql<MergeRow>(
    `insert into core_party_merge (tenant_id, id, survivor_id, merged_id, merged_snapshot, moved, reason, actor)
     values ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8::jsonb) returning ${COLUMNS}`,
    [
      tx.tenantId,
      record.id,
      record.survivorId,
      record.mergedId,
      JSON.stringify(record.snapshot),
      JSON.stringify(details),
      record.reason,
      JSON.stringify(tx.actor),
    ],
  );
  return toRecord(row!);
}

/** Reads one merge record. */
export async function readMerge(tx: TxContext, mergeId: string): Promise<MergeRecord | undefined> {
  const [row] = await tx.sql<MergeRow>(
    `select ${COLUMNS} from core_party_merge where tenant_id = $1 and id = $2`,
    [tx.tenantId, mergeId],
  );
  return row && toRecord(row);
}

/** The merges a party took part in, as survivor (now) or as the merged party, newest first. */
export async function readMergesOf(tx: TxContext, partyId: string): Promise<MergeRecord[]> {
  const rows = await tx.sql<MergeRow>(
    `select ${COLUMNS} from core_party_merge where tenant_id = $1 and (survivor_id = $2 or merged_id = $2)
     order by at desc, id desc`,
    [tx.tenantId, partyId],
  );
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
