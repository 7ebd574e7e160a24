import {
  NotAllowedError,
  NotFoundError,
  paramBinder,
  type TxContext,
  visibilityOf,
} from '@rapport/core/plugin';
import type { Deal, DealContact } from '../types.js';
import { dealVisibilitySql } from './visibility.js';

/** The columns {@link toDeal} reads, over `pipeline_deal d`. */
export const DEAL_COLUMNS = `d.id, d.pipeline_id, d.stage_id, d.title, d.customer_id, d.owner_id, d.team_id, d.amount::text as amount,
  d.currency, d.expected_close_on::text as expected_close_on, d.source, d.status, d.closed_at, d.close_reason,
  d.stage_entered_at, d.last_activity_at, d.stalled_at, d.custom, d.version, d.created_at, d.updated_at,
  coalesce((select json_agg(json_build_object('partyId', c.party_id, 'role', c.role) order by c.role, c.party_id)
    from pipeline_deal_contact c where c.tenant_id = d.tenant_id and c.deal_id = d.id), '[]') as contacts`;

/** A row selected with {@link DEAL_COLUMNS}. */
export interface DealRow {
  id: string;
  pipeline_id: string;
  stage_id: string;
  title: string;
  customer_id: string;
  owner_id: string;
  team_id: string | null;
  amount: string | null;
  currency: string | null;
  expected_close_on: string | null;
  source: string | null;
  status: Deal['status'];
  closed_at: string | null;
  close_reason: string | null;
  stage_entered_at: string;
  last_activity_at: string;
  stalled_at: string | null;
  custom: Record<string, unknown>;
  version: number;
  created_at: string;
  updated_at: string;
  contacts: DealContact[];
}

const date = (value: string | null) => (value === null ? null : new Date(value));

/** Converts a row selected with {@link DEAL_COLUMNS}. */
export function toDeal(row: DealRow): Deal {
  return {
    id: row.id,
    pipelineId: row.pipeline_id,
    stageId: row.stage_id,
    title: row.title,
    customerId: row.customer_id,
    contacts: row.contacts,
    ownerId: row.owner_id,
    teamId: row.team_id,
    amount: row.amount === null ? null : trimDecimal(row.amount),
    currency: row.currency,
    expectedCloseOn: row.expected_close_on,
    source: row.source,
    status: row.status,
    closedAt: date(row.closed_at),
    closeReason: row.close_reason,
    stageEnteredAt: new Date(row.stage_entered_at),
    lastActivityAt: new Date(row.last_activity_at),
    stalledAt: date(row.stalled_at),
    custom: row.custom,
    version: row.version,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** `1200.5000` → `1200.5`, `99.0000` → `99`: the exact value, without the column's padding. */
export function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/\.?0+$/, '') : value;
}

/**
 * Reads a deal the actor may see, optionally locking its row for the rest of the transaction
 * (`for update`: concurrent writers of the same deal wait, then see the fresh row). A missing deal
 * is not found; a hidden one not allowed.
 */
export async function requireVisibleDeal(tx: TxContext, id: string, lock = false): Promise<Deal> {
  const visibility = await visibilityOf(tx);
  if (lock) {
    const locked = await tx.sql('select 1 from pipeline_deal where tenant_id = $1 and id = $2 for update', [
      tx.tenantId,
      id,
    ]);
    if (locked.length === 0) throw new NotFoundError('Deal', id);
  }
  const params: unknown[] = [tx.tenantId, id];
  const visible = dealVisibilitySql(visibility, 'd', paramBinder(params));
  const [row] = await tx.sql<DealRow & { visible: boolean }>(
    `select ${DEAL_COLUMNS}, (${visible}) is true as visible from pipeline_deal d where d.tenant_id = $1 and d.id = $2`,
    params,
  );
  if (!row) throw new NotFoundError('Deal', id);
  if (!row.visible) throw new NotAllowedError(`Not allowed to access deal ${id}`, { dealId: id });
  return toDeal(row);
}

/** Reads deals by id, without a visibility check (for hooks and internal events). */
export async function readDeals(tx: TxContext, ids: readonly string[]): Promise<Deal[]> {
  const rows = await tx.sql<DealRow>(
    `select ${DEAL_COLUMNS} from pipeline_deal d where d.tenant_id = $1 and d.id = any($2::uuid[]) order by d.id`,
    [tx.tenantId, ids],
  );
  return rows.map(toDeal);
}
