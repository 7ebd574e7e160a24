import { uuidv7 } from 'uuidv7';
import type { TxContext } from '../kernel/context.js';
import type { FieldIssue } from '../kernel/errors.js';
import { InvalidDataError } from '../kernel/errors.js';
import { partyVisibility } from './party-visibility.js';

/** Most relationships one `relateMany` call writes. */
export const MAX_RELATE_MANY = 50_000;

/** One relationship to write, validated. */
export interface RelateItem {
  type: string;
  fromId: string;
  toId: string;
  validFrom?: string | undefined;
  validTo?: string | undefined;
  note?: string | undefined;
}

/** What became of one item of `relateMany`, at its index in the input. */
export interface RelateItemResult {
  index: number;
  /** `created`; `existing` (already related this way, with `onExisting: 'skip'`); `failed` (see `issues`). */
  status: 'created' | 'existing' | 'failed';
  /** The relationship written, or the one that already existed. */
  relationshipId: string | null;
  /** Each problem, with the item's path (`3.toId`). */
  issues: FieldIssue[];
}

/** The result of `relateMany`. */
export interface RelateManyResult {
  created: number;
  existing: number;
  failed: number;
  /** One result per input item, in input order. */
  results: RelateItemResult[];
}

/** Options of `relateMany`. */
export interface RelateManyOptions {
  /** An active relationship of the same type between the two parties: `error` (default) or `skip`. */
  onExisting?: 'error' | 'skip';
}

/**
 * Writes relationships in a fixed number of statements, whatever their number: one locks and checks
 * every party named (existence and visibility), one writes the relationships that do not exist yet
 * together with both parties' history. Items that fail are reported by index; the rest are written.
 * `items[i]` must be valid (schema-checked); `types` maps each known type key to its symmetry.
 */
export async function relateItems(
  tx: TxContext,
  items: ReadonlyArray<RelateItem | null>,
  types: ReadonlyMap<string, boolean>,
  onExisting: 'error' | 'skip',
  preIssues: ReadonlyMap<number, FieldIssue[]> = new Map(),
): Promise<RelateManyResult> {
  const results: RelateItemResult[] = items.map((_, index) => ({
    index,
    status: 'failed',
    relationshipId: null,
    issues: [...(preIssues.get(index) ?? [])],
  }));
  const ids = [...new Set(items.flatMap((i) => (i ? [i.fromId, i.toId] : [])))].sort();
  const parties = await lockVisible(tx, ids);
  const seen = new Map<string, number>();
  const rows: Array<Record<string, unknown>> = [];
  items.forEach((item, index) => {
    const issues = results[index]!.issues;
    if (!item || issues.length > 0) return;
    const symmetric = types.get(item.type);
    if (symmetric === undefined)
      issues.push({
        path: `${index}.type`,
        message: `unknown relationship type "${item.type}"`,
        code: 'invalid_value',
      });
    for (const field of ['fromId', 'toId'] as const) {
      const state = parties.get(item[field]);
      if (state === undefined)
        issues.push({ path: `${index}.${field}`, message: `no party ${item[field]}`, code: 'not_found' });
      else if (!state)
        issues.push({
          path: `${index}.${field}`,
          message: `not allowed to access party ${item[field]}`,
          code: 'not_allowed',
        });
    }
    if (issues.length > 0) return;
    const pair = symmetric ? [item.fromId, item.toId].sort().join('|') : `${item.fromId}|${item.toId}`;
    const key = `${item.type}|${pair}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      issues.push({
        path: `${index}`,
        message: `the same relationship as item ${earlier}`,
        code: 'duplicate',
      });
      return;
    }
    seen.set(key, index);
    rows.push({
      idx: index,
      id: uuidv7(),
      type: item.type,
      from_id: item.fromId,
      to_id: item.toId,
      valid_from: item.validFrom ?? null,
      valid_to: item.validTo ?? null,
      note: item.note ?? null,
      is_symmetric: symmetric,
      from_history: uuidv7(),
      to_history: uuidv7(),
    });
  });
  if (rows.length > 0) {
    const written = await tx.sql<{ idx: number; id: string; created: boolean }>(
      `with input as (
         select * from jsonb_to_recordset($2::jsonb) as r(idx int, id uuid, type text, from_id uuid, to_id uuid,
           valid_from date, valid_to date, note text, is_symmetric boolean, from_history uuid, to_history uuid)
       ), clash as (
         -- One index lookup per item (and its reverse for symmetric types), whatever the statistics
         -- say: a join let the planner scan the whole table once per item when they were stale.
         select i.idx, coalesce(a.id, b.id) as id from input i
         left join lateral (
           select r.id from core_relationship r
           where r.tenant_id = $1 and r.from_party_id = i.from_id and r.type = i.type and r.to_party_id = i.to_id
             and r.ended_at is null
           limit 1
         ) a on true
         left join lateral (
           select r.id from core_relationship r
           where i.is_symmetric and r.tenant_id = $1 and r.from_party_id = i.to_id and r.type = i.type
             and r.to_party_id = i.from_id and r.ended_at is null
           limit 1
         ) b on true
         where a.id is not null or b.id is not null
       ), fresh as (
         select i.* from input i where not exists (select 1 from clash c where c.idx = i.idx)
       ), inserted as (
         insert into core_relationship (tenant_id, id, type, from_party_id, to_party_id, valid_from, valid_to, note)
         select $1, f.id, f.type, f.from_id, f.to_id, f.valid_from, f.valid_to, f.note from fresh f
         returning id
       ), history as (
         insert into core_party_history (tenant_id, id, party_id, actor, operation, changes)
         select $1, h.id, h.party_id, $3::jsonb, 'relate', h.changes from fresh f
         cross join lateral (values
           (f.from_history, f.from_id, jsonb_build_object('relationship', jsonb_build_array(null, jsonb_build_object('type', f.type, 'to', f.to_id)))),
           (f.to_history, f.to_id, jsonb_build_object('relationship', jsonb_build_array(null, jsonb_build_object('type', f.type, 'from', f.from_id))))
         ) as h(id, party_id, changes)
       )
       select f.idx, f.id, true as created from fresh f
       union all
       select c.idx, c.id, false from clash c`,
      [tx.tenantId, JSON.stringify(rows), JSON.stringify(tx.actor)],
    );
    for (const row of written) {
      const result = results[row.idx]!;
      result.relationshipId = row.id;
      if (row.created) result.status = 'created';
      else if (onExisting === 'skip') result.status = 'existing';
      else
        result.issues.push({
          path: `${row.idx}`,
          message: `these parties are already related this way (${row.id})`,
          code: 'duplicate',
        });
    }
  }
  const count = (status: RelateItemResult['status']) => results.filter((r) => r.status === status).length;
  return { created: count('created'), existing: count('existing'), failed: count('failed'), results };
}

/**
 * Locks the parties (in id order, so concurrent relaters cannot deadlock, and no two can both pass the
 * duplicate check) and tells which exist (key) and which the actor may see (value).
 */
async function lockVisible(tx: TxContext, ids: readonly string[]): Promise<Map<string, boolean>> {
  return partyVisibility(tx, ids, { lock: true });
}

/** Refuses a call with more items than {@link MAX_RELATE_MANY}. */
export function assertRelateManySize(count: number): void {
  if (count > MAX_RELATE_MANY)
    throw new InvalidDataError('relationships', [
      { path: '', message: `at most ${MAX_RELATE_MANY} relationships per call`, code: 'too_big' },
    ]);
}
