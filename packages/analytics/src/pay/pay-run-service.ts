import {
  type CallContext,
  ConflictError,
  DATABASE,
  type Database,
  DuplicateError,
  InvalidDataError,
  inject,
  injectable,
  NotFoundError,
  requireAdmin,
  type TxContext,
  z,
} from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import { computeRun } from './pay-compute.js';
import { type PayStatement, readStatement, readStatements } from './pay-statement-reader.js';

/** A pay run: the statements of one month. */
export interface PayRun {
  id: string;
  /** First day of the month (inclusive). */
  periodStart: string;
  /** First day of the next month (exclusive). */
  periodEnd: string;
  status: 'draft' | 'approved';
  version: number;
  computedAt: Date | null;
  approvedAt: Date | null;
}

const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

async function lockRun(tx: TxContext, id: string): Promise<PayRun> {
  const run = await tx.db
    .selectFrom('PayRun')
    .select(['id', 'periodStart', 'periodEnd', 'status', 'version', 'computedAt', 'approvedAt'])
    .where('tenantId', '=', tx.tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!run) throw new NotFoundError('PayRun', id);
  return { ...run, status: run.status as PayRun['status'] };
}

function requireDraft(run: PayRun, action: string): void {
  if (run.status !== 'draft')
    throw new ConflictError(`Pay run ${run.periodStart} is ${run.status}: it cannot be ${action}`, {
      details: { field: 'status', status: run.status, runId: run.id },
    });
}

/**
 * Pay runs (`crm.services.payRuns`): one per month, a statement per agent with a plan; draft →
 * approved (locked). Administrators create, recompute and approve runs; an agent reads their own
 * statement, a manager those of their subtree.
 */
@injectable()
export class PayRunService {
  constructor(@inject(DATABASE) private readonly db: Database) {}

  /**
   * Creates the draft run of a month and computes it. A month has one run (DUPLICATE); a month
   * before an approved run cannot get one (CONFLICT naming `period`).
   *
   * @example
   * const run = await crm.services.payRuns.create(ctx, { period: '2026-03' });
   */
  async create(ctx: CallContext, input: { period: string }): Promise<PayRun> {
    const parsed = Period.safeParse(input?.period);
    if (!parsed.success)
      throw new InvalidDataError('pay run', [
        { path: 'period', message: 'a month as YYYY-MM', code: 'invalid_format' },
      ]);
    const [year, month] = parsed.data.split('-').map(Number) as [number, number];
    const periodStart = `${parsed.data}-01`;
    const periodEnd = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
    return this.db.transaction(ctx, async (tx) => {
      await requireAdmin(tx);
      // Runs of a tenant are created, computed and approved one at a time.
      await tx.sql('select pg_advisory_xact_lock(hashtext($1))', [`analytics.pay:${tx.tenantId}`]);
      const [existing] = await tx.sql<{ id: string; later: boolean }>(
        `select id, period_start > $2::date as later from analytics_pay_run
          where tenant_id = $1 and (period_start = $2::date or (period_start > $2::date and status = 'approved'))
          order by period_start limit 1`,
        [tx.tenantId, periodStart],
      );
      if (existing && !existing.later)
        throw new DuplicateError(`The pay run of ${parsed.data} exists (${existing.id})`, {
          fields: ['tenant_id', 'period_start'],
          details: { existingId: existing.id },
        });
      if (existing)
        throw new ConflictError(`A later pay run is approved: ${parsed.data} can no longer be run`, {
          details: { field: 'period', period: parsed.data },
        });
      const id = uuidv7();
      await tx.db
        .insertInto('PayRun')
        .values({ tenantId: tx.tenantId, id, periodStart, periodEnd, createdBy: tx.actor })
        .execute();
      await computeRun(tx, { runId: id, periodStart, periodEnd });
      await tx.sql('update analytics_pay_run set computed_at = now() where tenant_id = $1 and id = $2', [
        tx.tenantId,
        id,
      ]);
      return lockRun(tx, id);
    });
  }

  /** Recomputes a draft run from the journal and the plans: its statements and lines are replaced. */
  async recompute(ctx: CallContext, id: string): Promise<PayRun> {
    return this.db.transaction(ctx, async (tx) => {
      await requireAdmin(tx);
      await tx.sql('select pg_advisory_xact_lock(hashtext($1))', [`analytics.pay:${tx.tenantId}`]);
      const run = await lockRun(tx, id);
      requireDraft(run, 'recomputed');
      await computeRun(tx, { runId: id, periodStart: run.periodStart, periodEnd: run.periodEnd });
      await tx.sql(
        'update analytics_pay_run set computed_at = now(), version = version + 1 where tenant_id = $1 and id = $2',
        [tx.tenantId, id],
      );
      return lockRun(tx, id);
    });
  }

  /**
   * Approves a draft run: it is locked from then on, and what each entry earned each agent is
   * written to the paid-entry ledger. Earlier runs must be approved first (CONFLICT naming `status`),
   * and a run computed before an earlier one was approved must be recomputed (CONFLICT naming `computedAt`).
   */
  async approve(ctx: CallContext, id: string): Promise<PayRun> {
    return this.db.transaction(ctx, async (tx) => {
      await requireAdmin(tx);
      await tx.sql('select pg_advisory_xact_lock(hashtext($1))', [`analytics.pay:${tx.tenantId}`]);
      const run = await lockRun(tx, id);
      requireDraft(run, 'approved again');
      const [earlier] = await tx.sql<{ id: string; period_start: string }>(
        `select id, period_start::text from analytics_pay_run where tenant_id = $1 and status = 'draft' and period_start < $2::date
          order by period_start limit 1`,
        [tx.tenantId, run.periodStart],
      );
      if (earlier)
        throw new ConflictError(
          `The earlier pay run of ${earlier.period_start} is still a draft: approve it first`,
          {
            details: { field: 'status', status: 'draft', runId: earlier.id },
          },
        );
      // A draft computed before an earlier run was approved may pay late entries that run also paid.
      const [stale] = await tx.sql<{ period_start: string }>(
        `select period_start::text from analytics_pay_run where tenant_id = $1 and status = 'approved'
          and period_start < $2::date and approved_at > $3::timestamptz order by period_start desc limit 1`,
        [tx.tenantId, run.periodStart, run.computedAt],
      );
      if (stale)
        throw new ConflictError(
          `The pay run of ${stale.period_start} was approved after this run was computed: recompute it first`,
          { details: { field: 'computedAt', computedAt: run.computedAt, runId: run.id } },
        );
      // The ledger holds what was paid: on a capped statement each entry's commission lines are
      // paid pro rata of the cap (× commission / earned, to 4 decimals); clawbacks and reversals as they are.
      await tx.sql(
        `insert into analytics_pay_ledger (tenant_id, entry_id, run_id, employee_id, revenue, commission)
         select l.tenant_id, l.entry_id, s.run_id, s.employee_id, coalesce(sum(l.basis), 0),
           round(sum(case when l.kind = 'commission' and s.earned > s.commission and s.earned > 0
             then l.amount * s.commission / s.earned else l.amount end), 4)
         from analytics_pay_line l join analytics_pay_statement s on s.tenant_id = l.tenant_id and s.id = l.statement_id
         where l.tenant_id = $1 and s.run_id = $2 and l.entry_id is not null
         group by l.tenant_id, l.entry_id, s.run_id, s.employee_id`,
        [tx.tenantId, id],
      );
      await tx.sql(
        `update analytics_pay_run set status = 'approved', approved_at = now(), approved_by = $3::jsonb, version = version + 1
          where tenant_id = $1 and id = $2`,
        [tx.tenantId, id, JSON.stringify(tx.actor)],
      );
      return lockRun(tx, id);
    });
  }

  /** The runs, latest first (administrators). */
  async list(ctx: CallContext): Promise<PayRun[]> {
    return this.db.transaction(ctx, async (tx) => {
      await requireAdmin(tx);
      const rows = await tx.db
        .selectFrom('PayRun')
        .select(['id', 'periodStart', 'periodEnd', 'status', 'version', 'computedAt', 'approvedAt'])
        .where('tenantId', '=', tx.tenantId)
        .orderBy('periodStart', 'desc')
        .execute();
      return rows.map((r) => ({ ...r, status: r.status as PayRun['status'] }));
    });
  }

  /** The statements of a run the actor may see (own; a manager's subtree; administrators all), without lines. */
  async statements(ctx: CallContext, runId: string): Promise<PayStatement[]> {
    return this.db.transaction(ctx, (tx) => readStatements(tx, runId));
  }

  /**
   * One agent's statement with its lines, each naming its journal entry, rule and tier. NOT_ALLOWED
   * unless it is the actor's own, of their subtree (managers), or the actor is an administrator.
   *
   * @example
   * const statement = await crm.services.payRuns.statement(ctx, { runId: run.id, employeeId: alice.id });
   */
  async statement(ctx: CallContext, input: { runId: string; employeeId: string }): Promise<PayStatement> {
    return this.db.transaction(ctx, (tx) => readStatement(tx, input.runId, input.employeeId));
  }
}
