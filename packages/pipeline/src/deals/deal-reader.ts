import {
  NotAllowedError,
  NotFoundError,
  paramBinder,
  sql,
  sqlFragment,
  type TxContext,
  visibilityOf,
} from '@rapport/core/plugin';
import type { Deal, DealContact } from '../types.js';
import { dealVisibilitySql } from './visibility.js';

/** The deal's own columns, read through `tx.db` over `Deal as d`. */
const DEAL_FIELDS = [
  'd.id',
  'd.pipelineId',
  'd.stageId',
  'd.title',
  'd.customerId',
  'd.ownerId',
  'd.teamId',
  'd.amount',
  'd.currency',
  'd.source',
  'd.status',
  'd.closedAt',
  'd.closeReason',
  'd.stageEnteredAt',
  'd.lastActivityAt',
  'd.stalledAt',
  'd.custom',
  'd.version',
  'd.createdAt',
  'd.updatedAt',
] as const;

/** A `tx.db` query over `Deal as d` selecting what {@link toDeals} reads. */
export function selectDeals(tx: TxContext) {
  return tx.db
    .selectFrom('Deal as d')
    .select(DEAL_FIELDS)
    .select(sql<string | null>`d.expected_close_on::text`.as('expectedCloseOn'));
}

type DealSelection = Awaited<ReturnType<ReturnType<typeof selectDeals>['execute']>>[number];

/** Completes rows of {@link selectDeals} into deals: trimmed amounts and their contacts. */
export async function toDeals(tx: TxContext, rows: readonly DealSelection[]): Promise<Deal[]> {
  const contacts = new Map<string, DealContact[]>();
  if (rows.length > 0) {
    const links = await tx.db
      .selectFrom('DealContact')
      .select(['dealId', 'partyId', 'role'])
      .where('tenantId', '=', tx.tenantId)
      .where(
        'dealId',
        'in',
        rows.map((row) => row.id),
      )
      .orderBy('role')
      .orderBy('partyId')
      .execute();
    for (const link of links) {
      const list = contacts.get(link.dealId) ?? [];
      list.push({ partyId: link.partyId, role: link.role } as DealContact);
      contacts.set(link.dealId, list);
    }
  }
  return rows.map((row) => ({
    id: row.id,
    pipelineId: row.pipelineId,
    stageId: row.stageId,
    title: row.title,
    customerId: row.customerId,
    contacts: contacts.get(row.id) ?? [],
    ownerId: row.ownerId,
    teamId: row.teamId,
    amount: row.amount === null ? null : trimDecimal(row.amount),
    currency: row.currency,
    expectedCloseOn: row.expectedCloseOn,
    source: row.source,
    status: row.status as Deal['status'],
    closedAt: row.closedAt,
    closeReason: row.closeReason,
    stageEnteredAt: row.stageEnteredAt,
    lastActivityAt: row.lastActivityAt,
    stalledAt: row.stalledAt,
    custom: row.custom as Record<string, unknown>,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }));
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
  const params: unknown[] = [];
  const visible = dealVisibilitySql(visibility, 'd', paramBinder(params));
  const rows = await selectDeals(tx)
    .select(sql<boolean>`(${sqlFragment<boolean>(visible, params)}) is true`.as('visible'))
    .where('d.tenantId', '=', tx.tenantId)
    .where('d.id', '=', id)
    .execute();
  const row = rows[0];
  if (!row) throw new NotFoundError('Deal', id);
  if (!row.visible) throw new NotAllowedError(`Not allowed to access deal ${id}`, { dealId: id });
  const [deal] = await toDeals(tx, [row]);
  return deal!;
}

/** Reads deals by id, without a visibility check (for hooks and internal events). */
export async function readDeals(tx: TxContext, ids: readonly string[]): Promise<Deal[]> {
  if (ids.length === 0) return [];
  const rows = await selectDeals(tx)
    .where('d.tenantId', '=', tx.tenantId)
    .where('d.id', 'in', [...ids])
    .orderBy('d.id')
    .execute();
  return toDeals(tx, rows);
}
