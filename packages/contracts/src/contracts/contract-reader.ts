import {
  NotAllowedError,
  NotFoundError,
  paramBinder,
  sql,
  sqlFragment,
  type TxContext,
  visibilityOf,
} from '@rapport/core/plugin';
import type { Contract, ContractValue, Term } from '../types.js';
import { contractVisibilitySql } from './visibility.js';

const FIELDS = [
  'c.id',
  'c.number',
  'c.subject',
  'c.partyId',
  'c.partyRole',
  'c.dealId',
  'c.quoteId',
  'c.ownerId',
  'c.status',
  'c.valueKind',
  'c.amount',
  'c.currency',
  'c.period',
  'c.noticeMonths',
  'c.noticeDays',
  'c.renewMonths',
  'c.maxRenewals',
  'c.renewalCount',
  'c.renewedFromId',
  'c.documentIds',
  'c.notes',
  'c.custom',
  'c.statusChangedAt',
  'c.version',
  'c.createdAt',
  'c.updatedAt',
] as const;

/** A `tx.db` query over `Contract as c` selecting what {@link toContract} reads. */
export function selectContracts(tx: TxContext) {
  return tx.db
    .selectFrom('Contract as c')
    .select(FIELDS)
    .select([
      sql<string>`c.start_on::text`.as('startOn'),
      sql<string | null>`c.end_on::text`.as('endOn'),
      sql<string | null>`c.notice_on::text`.as('noticeOn'),
      sql<string | null>`c.signed_on::text`.as('signedOn'),
      sql<string | null>`c.ended_on::text`.as('endedOn'),
      sql<string | null>`(select n.id from contracts_contract n
        where n.tenant_id = c.tenant_id and n.renewed_from_id = c.id)`.as('renewedToId'),
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof selectContracts>['execute']>>[number];

/** `1200.5000` → `1200.5`: the exact value without the column's padding. */
export function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/\.?0+$/, '') : value;
}

/** A row of {@link selectContracts} as a contract. */
export function toContract(row: Row): Contract {
  const amount = trimDecimal(row.amount);
  const value: ContractValue =
    row.valueKind === 'recurring'
      ? { kind: 'recurring', amount, currency: row.currency, period: row.period! }
      : { kind: 'total', amount, currency: row.currency };
  const notice: Term | null =
    row.noticeMonths !== null
      ? { months: row.noticeMonths }
      : row.noticeDays !== null
        ? { days: row.noticeDays }
        : null;
  return {
    id: row.id,
    number: row.number,
    subject: row.subject,
    partyId: row.partyId,
    partyRole: row.partyRole,
    dealId: row.dealId,
    quoteId: row.quoteId,
    ownerId: row.ownerId,
    status: row.status,
    value,
    startOn: row.startOn,
    endOn: row.endOn,
    notice,
    noticeOn: row.noticeOn,
    autoRenewal:
      row.renewMonths === null
        ? null
        : {
            renewFor: { months: row.renewMonths },
            ...(row.maxRenewals === null ? {} : { maxRenewals: row.maxRenewals }),
          },
    signedOn: row.signedOn,
    endedOn: row.endedOn,
    renewalCount: row.renewalCount,
    renewedFromId: row.renewedFromId,
    renewedToId: row.renewedToId,
    documentIds: row.documentIds as string[],
    notes: row.notes,
    custom: row.custom as Record<string, unknown>,
    statusChangedAt: row.statusChangedAt,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Reads contracts by id (no visibility check: for code that already checked it). */
export async function readContracts(tx: TxContext, ids: readonly string[]): Promise<Contract[]> {
  if (ids.length === 0) return [];
  const rows = await selectContracts(tx)
    .where('c.tenantId', '=', tx.tenantId)
    .where('c.id', 'in', [...ids])
    .execute();
  return rows.map(toContract);
}

/**
 * Reads a contract the actor may see, optionally locking its row for the rest of the transaction (a
 * concurrent writer of the same contract waits, then reads the fresh row). Missing: not found;
 * hidden: not allowed.
 */
export async function requireVisibleContract(tx: TxContext, id: string, lock = false): Promise<Contract> {
  const visibility = await visibilityOf(tx);
  if (lock) {
    const locked = await tx.sql(
      'select 1 from contracts_contract where tenant_id = $1 and id = $2 for update',
      [tx.tenantId, id],
    );
    if (locked.length === 0) throw new NotFoundError('Contract', id);
  }
  const params: unknown[] = [];
  const visible = contractVisibilitySql(visibility, 'c', paramBinder(params));
  const row = await selectContracts(tx)
    .select(sql<boolean>`(${sqlFragment<boolean>(visible, params)}) is true`.as('visible'))
    .where('c.tenantId', '=', tx.tenantId)
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Contract', id);
  if (!row.visible) throw new NotAllowedError(`Not allowed to access contract ${id}`, { contractId: id });
  return toContract(row);
}
