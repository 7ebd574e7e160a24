import {
  addDays,
  type CallContext,
  DATABASE,
  type Database,
  InvalidDataError,
  inject,
  injectable,
  paramBinder,
  parse,
  sql,
  sqlFragment,
  type TxContext,
  tenantToday,
  visibilityOf,
} from '@rapport/core/plugin';
import { selectContracts, toContract, trimDecimal } from '../contracts/contract-reader.js';
import { LIVE_STATUSES } from '../contracts/lifecycle.js';
import { contractVisibilitySql } from '../contracts/visibility.js';
import type { Contract } from '../types.js';
import { agentExpiringIdsSql } from './agent-expiring-sql.js';
import {
  type ExpiringQuery,
  ExpiringQuerySchema,
  type InForceQuery,
  InForceQuerySchema,
  type PeriodQuery,
  PeriodQuerySchema,
  type RevenueQuery,
  RevenueQuerySchema,
} from './query-input.js';
import { inForceSql, MRR_SQL, revenueSql } from './revenue-sql.js';

/** A keyset page of contracts by end date; pass `nextCursor` back as `cursor`. */
export interface ExpiringPage {
  from: string;
  to: string;
  items: Contract[];
  nextCursor: string | null;
}

/** One row of {@link ContractQueries.revenue}: a month, an owner (null when not split) and a currency. */
export interface RevenueRow {
  /** First day of the month (`YYYY-MM-DD`): recurring contracts are counted in force on that day. */
  month: string;
  ownerId: string | null;
  currency: string;
  recurringContracts: number;
  /** Monthly recurring revenue (quarterly ÷ 3, yearly ÷ 12), exact decimal rounded to 4 places. */
  mrr: string;
  /** Annual recurring revenue (monthly × 12, quarterly × 4), exact. */
  arr: string;
  /** Contracts with a total value signed during the month, and their sum. */
  signedTotalContracts: number;
  signedTotalValue: string;
}

/** A churned contract and the monthly recurring revenue it took away (null for a total-value one). */
export interface ChurnedContract {
  contract: Contract;
  lostMrr: string | null;
}

/**
 * Questions about contracts, answered in SQL and limited to what the actor may see: contracts in
 * force for a party, expiring in a period (keyset-paginated), renewals due, recurring revenue by
 * owner and month, churned contracts.
 */
@injectable()
export class ContractQueries {
  constructor(@inject(DATABASE) private readonly db: Database) {}

  /** The contracts binding a party on a day (default today): signed, started, not ended. */
  async inForce(ctx: CallContext, query: InForceQuery): Promise<Contract[]> {
    const q = parse(InForceQuerySchema, query, 'contracts in force');
    return this.db.transaction(ctx, async (tx) => {
      const on = q.on ?? (await tenantToday(tx));
      const rows = await (await this.visible(tx))
        .where('c.partyId', '=', q.partyId)
        .where(sqlFragment<boolean>(inForceSql('$1::date'), [on]))
        .orderBy('c.startOn')
        .orderBy('c.id')
        .execute();
      return rows.map(toContract);
    });
  }

  /**
   * Live contracts (signed, active, suspended) ending in a period — `from`..`to`, or `on`..`on +
   * withinDays` (default: the next 30 days from today) — by end date, keyset-paginated.
   *
   * @example
   * const page = await crm.services.contractQueries.expiring(ctx, { withinDays: 30, limit: 50 });
   */
  async expiring(ctx: CallContext, query: ExpiringQuery = {}): Promise<ExpiringPage> {
    const q = parse(ExpiringQuerySchema, query, 'expiring contracts');
    const after = q.cursor === undefined ? null : decodeCursor(q.cursor);
    return this.db.transaction(ctx, async (tx) => {
      const on = q.on ?? (await tenantToday(tx));
      const from = q.from ?? on;
      const to = q.to ?? addDays(from, q.withinDays);
      // An agent's page is found from what the agent sees (see `agentExpiringIdsSql`).
      const params: unknown[] = [];
      const window = { tenantId: tx.tenantId, from, to, ownerId: q.ownerId, after, limit: q.limit + 1 };
      const ids = agentExpiringIdsSql(await visibilityOf(tx), window, paramBinder(params));
      let select = (
        ids === null
          ? await this.visible(tx)
          : selectContracts(tx)
              .where('c.tenantId', '=', tx.tenantId)
              .where(sqlFragment<boolean>(`c.id in (${ids})`, params))
      )
        .where('c.status', 'in', [...LIVE_STATUSES])
        .where(sql<boolean>`c.end_on between ${from}::date and ${to}::date`);
      if (q.ownerId !== undefined) select = select.where('c.ownerId', '=', q.ownerId);
      if (after)
        select = select.where(sql<boolean>`(c.end_on, c.id) > (${after[0]}::date, ${after[1]}::uuid)`);
      const rows = await select
        .orderBy('c.endOn')
        .orderBy('c.id')
        .limit(q.limit + 1)
        .execute();
      const items = rows.slice(0, q.limit).map(toContract);
      const last = items.at(-1);
      const nextCursor = rows.length > q.limit && last ? encodeCursor(last.endOn!, last.id) : null;
      return { from, to, items, nextCursor };
    });
  }

  /**
   * Live contracts ending in the period that will renew automatically (auto-renewal terms with
   * renewals left), by end date: the ones to decide on before their notice deadline.
   */
  async renewalsDue(ctx: CallContext, period: PeriodQuery): Promise<Contract[]> {
    const q = parse(PeriodQuerySchema, period, 'renewals due');
    return this.db.transaction(ctx, async (tx) => {
      const rows = await (await this.visible(tx))
        .where('c.status', 'in', ['active', 'suspended'])
        .where(sql<boolean>`c.end_on between ${q.from}::date and ${q.to}::date`)
        .where(
          sql<boolean>`c.renew_months is not null and (c.max_renewals is null or c.renewal_count < c.max_renewals)`,
        )
        .orderBy('c.endOn')
        .orderBy('c.id')
        .execute();
      return rows.map(toContract);
    });
  }

  /**
   * Recurring revenue per month of the period (contracts in force on its first day), by owner and
   * currency (never added across currencies): MRR, ARR, and the total-value contracts signed that month.
   */
  async revenue(ctx: CallContext, query: RevenueQuery): Promise<RevenueRow[]> {
    const q = parse(RevenueQuerySchema, query, 'contract revenue');
    return this.db.transaction(ctx, async (tx) => {
      const params: unknown[] = [tx.tenantId, q.from, q.to];
      const visible = contractVisibilitySql(await visibilityOf(tx), 'c', paramBinder(params));
      const rows = await tx.sql<{
        month: string;
        owner_id: string | null;
        currency: string;
        recurring_contracts: number;
        mrr: string;
        arr: string;
        signed_total_contracts: number;
        signed_total_value: string;
      }>(revenueSql(visible, q.byOwner), params);
      return rows.map((r) => ({
        month: r.month,
        ownerId: r.owner_id,
        currency: r.currency,
        recurringContracts: r.recurring_contracts,
        mrr: trimDecimal(r.mrr),
        arr: trimDecimal(r.arr),
        signedTotalContracts: r.signed_total_contracts,
        signedTotalValue: trimDecimal(r.signed_total_value),
      }));
    });
  }

  /** Contracts that ended in the period by expiry or termination, not renewal (churn), by end day. */
  async churned(ctx: CallContext, period: PeriodQuery): Promise<ChurnedContract[]> {
    const q = parse(PeriodQuerySchema, period, 'churned contracts');
    return this.db.transaction(ctx, async (tx) => {
      const rows = await (await this.visible(tx))
        .where('c.status', 'in', ['expired', 'terminated'])
        .where(sql<boolean>`c.ended_on between ${q.from}::date and ${q.to}::date`)
        .where(sql<boolean>`c.signed_on is not null`)
        .select(sql<string | null>`(${sql.raw(MRR_SQL)})::numeric(20, 4)::text`.as('lostMrr'))
        .orderBy('c.endedOn')
        .orderBy('c.id')
        .execute();
      return rows.map((row) => ({
        contract: toContract(row),
        lostMrr: row.lostMrr === null ? null : trimDecimal(row.lostMrr),
      }));
    });
  }

  private async visible(tx: TxContext) {
    const params: unknown[] = [];
    const visible = contractVisibilitySql(await visibilityOf(tx), 'c', paramBinder(params));
    return selectContracts(tx)
      .where('c.tenantId', '=', tx.tenantId)
      .where(sqlFragment<boolean>(visible, params));
  }
}

function encodeCursor(endOn: string, id: string): string {
  return Buffer.from(JSON.stringify(['expiring', endOn, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const [kind, endOn, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (
      kind === 'expiring' &&
      typeof endOn === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(endOn) &&
      typeof id === 'string' &&
      /^[0-9a-f-]{36}$/i.test(id)
    )
      return [endOn, id];
  } catch {
    // falls through to the typed error
  }
  throw new InvalidDataError('expiring contracts', [
    {
      path: 'cursor',
      message: 'is not a cursor returned by contractQueries.expiring',
      code: 'invalid_cursor',
    },
  ]);
}
