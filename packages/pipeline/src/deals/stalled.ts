import { type CrmHooks, paramBinder, type TxContext, visibilityOf, z } from '@rapport/core/plugin';
import type { DealsStalledEvent, StalledDeal } from '../hooks.js';
import { id } from './deal-input.js';
import { trimDecimal } from './deal-reader.js';
import { dealVisibilitySql } from './visibility.js';

/** Options of `deals.stalled`. */
export const StalledQuerySchema = z.object({
  /** Stalled after this many days without activity, whatever the stage's limit (default: each stage's `rottingDays`). */
  olderThanDays: z.int().min(1).max(3650).optional(),
  pipelineId: id.optional(),
  ownerId: id.optional(),
  limit: z.int().min(1).max(10_000).default(500),
});
/** What `deals.stalled` takes. */
export type StalledQuery = z.input<typeof StalledQuerySchema>;

/** What the raw statements compute per deal; the deal's own columns are then read through `tx.db`. */
interface StalledMeasure {
  id: string;
  inactive_days: number;
  rotting_days: number;
}

const INACTIVE_DAYS = `floor(extract(epoch from (clock_timestamp() - d.last_activity_at)) / 86400)::int as inactive_days`;

/** The deals of `measures` with their stage names, in the order of `measures`. */
async function readStalled(tx: TxContext, measures: readonly StalledMeasure[]): Promise<StalledDeal[]> {
  if (measures.length === 0) return [];
  const rows = await tx.db
    .selectFrom('Deal as d')
    .innerJoin('Stage as s', (join) =>
      join.onRef('s.tenantId', '=', 'd.tenantId').onRef('s.id', '=', 'd.stageId'),
    )
    .select([
      'd.id',
      'd.title',
      'd.pipelineId',
      'd.stageId',
      's.name as stageName',
      'd.customerId',
      'd.ownerId',
      'd.amount',
      'd.currency',
      'd.lastActivityAt',
    ])
    .where('d.tenantId', '=', tx.tenantId)
    .where(
      'd.id',
      'in',
      measures.map((m) => m.id),
    )
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return measures.map((m) => {
    const row = byId.get(m.id)!;
    return {
      ...row,
      amount: row.amount === null ? null : trimDecimal(row.amount),
      inactiveDays: m.inactive_days,
      rottingDays: m.rotting_days,
    };
  });
}

/**
 * The open deals the actor may see that have had no activity for longer than their stage's rotting
 * limit (or `olderThanDays`), longest-inactive first. The selection embeds the shared visibility SQL,
 * so it stays raw and returns ids; the deals are read through `tx.db`.
 */
export async function findStalled(
  tx: TxContext,
  query: z.output<typeof StalledQuerySchema>,
): Promise<StalledDeal[]> {
  const params: unknown[] = [
    tx.tenantId,
    query.olderThanDays ?? null,
    query.pipelineId ?? null,
    query.ownerId ?? null,
  ];
  const visible = dealVisibilitySql(await visibilityOf(tx), 'd', paramBinder(params));
  params.push(query.limit);
  const measures = await tx.sql<StalledMeasure>(
    `select d.id, ${INACTIVE_DAYS}, coalesce($2::int, s.rotting_days) as rotting_days
     from pipeline_deal d join pipeline_stage s on s.tenant_id = d.tenant_id and s.id = d.stage_id
     where d.tenant_id = $1 and d.status = 'open'
       and coalesce($2::int, s.rotting_days) is not null
       and d.last_activity_at < clock_timestamp() - make_interval(days => coalesce($2::int, s.rotting_days))
       and ($3::uuid is null or d.pipeline_id = $3) and ($4::uuid is null or d.owner_id = $4)
       and ${visible}
     order by d.last_activity_at, d.id limit $${params.length}`,
    params,
  );
  return readStalled(tx, measures);
}

/**
 * Marks the tenant's newly stalled deals (open, past their stage's rotting limit, not yet marked) in
 * one statement, then hands them to `dealsStalled` grouped by owner. A deal is marked once until an
 * activity or a stage change clears the mark, so running this again notifies nobody twice. The
 * set-based update stays raw SQL; the marked deals are read through `tx.db`.
 */
export async function markStalled(tx: TxContext, hooks: Readonly<CrmHooks>): Promise<DealsStalledEvent> {
  const marked = await tx.sql<StalledMeasure & { marked_at: string }>(
    `with marked as (
       update pipeline_deal d set stalled_at = clock_timestamp()
       from pipeline_stage s
       where d.tenant_id = $1 and d.status = 'open' and d.stalled_at is null
         and s.tenant_id = d.tenant_id and s.id = d.stage_id and s.rotting_days is not null
         and d.last_activity_at < clock_timestamp() - make_interval(days => s.rotting_days)
       returning d.id, d.owner_id, d.last_activity_at, ${INACTIVE_DAYS}, s.rotting_days, d.stalled_at as marked_at
     )
     select id, inactive_days, rotting_days, marked_at from marked order by owner_id, last_activity_at, id`,
    [tx.tenantId],
  );
  const deals = await readStalled(tx, marked);
  const byOwner = new Map<string, StalledDeal[]>();
  for (const deal of deals) {
    const list = byOwner.get(deal.ownerId) ?? [];
    list.push(deal);
    byOwner.set(deal.ownerId, list);
  }
  const event: DealsStalledEvent = {
    markedAt: marked[0] ? new Date(marked[0].marked_at) : new Date(),
    total: marked.length,
    byOwner: [...byOwner].map(([ownerId, deals]) => ({ ownerId, deals })),
  };
  if (event.total > 0) await hooks.dealsStalled.promise(event, tx);
  return event;
}
