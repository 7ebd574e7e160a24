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

interface StalledRow {
  id: string;
  title: string;
  pipeline_id: string;
  stage_id: string;
  stage_name: string;
  customer_id: string;
  owner_id: string;
  amount: string | null;
  currency: string | null;
  last_activity_at: string;
  inactive_days: number;
  rotting_days: number;
}

const SELECT = `d.id, d.title, d.pipeline_id, d.stage_id, s.name as stage_name, d.customer_id, d.owner_id,
  d.amount::text as amount, d.currency, d.last_activity_at,
  floor(extract(epoch from (clock_timestamp() - d.last_activity_at)) / 86400)::int as inactive_days`;

function toStalled(row: StalledRow): StalledDeal {
  return {
    id: row.id,
    title: row.title,
    pipelineId: row.pipeline_id,
    stageId: row.stage_id,
    stageName: row.stage_name,
    customerId: row.customer_id,
    ownerId: row.owner_id,
    amount: row.amount === null ? null : trimDecimal(row.amount),
    currency: row.currency,
    lastActivityAt: new Date(row.last_activity_at),
    inactiveDays: row.inactive_days,
    rottingDays: row.rotting_days,
  };
}

/**
 * The open deals the actor may see that have had no activity for longer than their stage's rotting
 * limit (or `olderThanDays`), longest-inactive first. One indexed query.
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
  const rows = await tx.sql<StalledRow>(
    `select ${SELECT}, coalesce($2::int, s.rotting_days) as rotting_days
     from pipeline_deal d join pipeline_stage s on s.tenant_id = d.tenant_id and s.id = d.stage_id
     where d.tenant_id = $1 and d.status = 'open'
       and coalesce($2::int, s.rotting_days) is not null
       and d.last_activity_at < clock_timestamp() - make_interval(days => coalesce($2::int, s.rotting_days))
       and ($3::uuid is null or d.pipeline_id = $3) and ($4::uuid is null or d.owner_id = $4)
       and ${visible}
     order by d.last_activity_at, d.id limit $${params.length}`,
    params,
  );
  return rows.map(toStalled);
}

/**
 * Marks the tenant's newly stalled deals (open, past their stage's rotting limit, not yet marked) in
 * one statement, then hands them to `dealsStalled` grouped by owner. A deal is marked once until an
 * activity or a stage change clears the mark, so running this again notifies nobody twice.
 */
export async function markStalled(tx: TxContext, hooks: Readonly<CrmHooks>): Promise<DealsStalledEvent> {
  const rows = await tx.sql<StalledRow & { marked_at: string }>(
    `with marked as (
       update pipeline_deal d set stalled_at = clock_timestamp()
       from pipeline_stage s
       where d.tenant_id = $1 and d.status = 'open' and d.stalled_at is null
         and s.tenant_id = d.tenant_id and s.id = d.stage_id and s.rotting_days is not null
         and d.last_activity_at < clock_timestamp() - make_interval(days => s.rotting_days)
       returning ${SELECT}, s.rotting_days, d.stalled_at as marked_at
     )
     select * from marked order by owner_id, last_activity_at, id`,
    [tx.tenantId],
  );
  const byOwner = new Map<string, StalledDeal[]>();
  for (const row of rows) {
    const list = byOwner.get(row.owner_id) ?? [];
    list.push(toStalled(row));
    byOwner.set(row.owner_id, list);
  }
  const event: DealsStalledEvent = {
    markedAt: rows[0] ? new Date(rows[0].marked_at) : new Date(),
    total: rows.length,
    byOwner: [...byOwner].map(([ownerId, deals]) => ({ ownerId, deals })),
  };
  if (event.total > 0) await hooks.dealsStalled.promise(event, tx);
  return event;
}
