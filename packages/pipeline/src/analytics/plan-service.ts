import {
  ACTIVITY_TYPES,
  type ActivityTypeRegistry,
  type Actor,
  type CallContext,
  DATABASE,
  type Database,
  InvalidDataError,
  inject,
  injectable,
  NotAllowedError,
  NotFoundError,
  paramBinder,
  parse,
  RapportError,
  requireManager,
  sql,
  type TxContext,
  tenantTimeZone,
  visibilityOf,
} from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';

type RawBuilder<T> = ReturnType<typeof sql<T>>;

import {
  type PlanInput,
  PlanInputSchema,
  type PlanListQuery,
  PlanListSchema,
  type PlanMetric,
  type PlanProgressQuery,
  PlanProgressSchema,
  type PlanUpdate,
  PlanUpdateSchema,
} from './plan-input.js';
import { planScopeSql, progressSql } from './plan-sql.js';

/** A sales plan: a target of one metric for one employee or department over `[periodStart, periodEnd)`. */
export interface SalesPlan {
  id: string;
  employeeId: string | null;
  departmentId: string | null;
  /** First day (inclusive). */
  periodStart: string;
  /** Day after the last (exclusive). */
  periodEnd: string;
  metric: PlanMetric;
  activityTypes: string[];
  pipelineId: string | null;
  currency: string | null;
  /** Exact decimal string. */
  target: string;
  version: number;
  createdAt: Date;
  createdBy: unknown;
  updatedAt: Date;
  removedAt: Date | null;
}

/** One change of a plan: its creation, a new target, its removal. */
export interface PlanHistoryEntry {
  version: number;
  operation: 'create' | 'update' | 'remove';
  oldTarget: string | null;
  newTarget: string | null;
  changedAt: Date;
  actor: unknown;
}

/** Plan against actual for one plan over the part of the period asked that it covers. */
export interface PlanProgress {
  plan: SalesPlan;
  /** The days measured: the overlap of the plan's period and the period asked, `[start, end)`. */
  overlap: { start: string; end: string; days: number; planDays: number };
  /** target × overlap days / plan days, rounded to 4 decimals (= target when the whole plan is asked). */
  proratedTarget: string;
  /** Won amount (exact decimal, in the plan's currency), won deals, or activities. */
  actual: string;
  /** Deals won in the overlap by the plan's members (any currency). */
  wonDeals: number;
  /** actual / proratedTarget; null when the pro-rated target is zero. */
  attainment: number | null;
}

const PLAN_COLUMNS = [
  'id',
  'employeeId',
  'departmentId',
  'periodStart',
  'periodEnd',
  'metric',
  'activityTypes',
  'pipelineId',
  'currency',
  'target',
  'version',
  'createdAt',
  'createdBy',
  'updatedAt',
  'removedAt',
] as const;

function selectPlans(tx: TxContext) {
  return tx.db.selectFrom('SalesPlan').select(PLAN_COLUMNS).where('tenantId', '=', tx.tenantId);
}

/** A plan's columns as `tx.db` reads them. */
type PlanColumns = Awaited<ReturnType<ReturnType<typeof selectPlans>['executeTakeFirstOrThrow']>>;

function toPlan(r: PlanColumns): SalesPlan {
  return {
    ...r,
    metric: r.metric as PlanMetric,
    currency: r.currency?.trim() ?? null,
  };
}

/** The plans of `ids`, in the order of `ids`. */
async function readPlans(tx: TxContext, ids: readonly string[]): Promise<SalesPlan[]> {
  if (ids.length === 0) return [];
  const rows = await selectPlans(tx).where('id', 'in', ids).execute();
  const byId = new Map(rows.map((row) => [row.id, toPlan(row)]));
  return ids.map((id) => byId.get(id)!);
}

/**
 * Sales plans (targets per employee, department and period) and plan against actual.
 * `crm.services.salesPlans`. Managers and administrators set plans (managers within their department
 * subtree); every change is kept in the plan's history.
 */
@injectable()
export class SalesPlanService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(ACTIVITY_TYPES) private readonly activityTypes: ActivityTypeRegistry,
  ) {}

  /**
   * Creates a plan. The same target (assignee, metric, period, pipeline, currency, activity types)
   * defined twice is a DUPLICATE error naming the existing plan; change a target with `update`.
   *
   * @example
   * await crm.services.salesPlans.set(ctx, { employeeId: alice.id, periodStart: '2026-01-01', periodEnd: '2026-02-01', metric: 'won_amount', currency: 'EUR', target: '50000' });
   */
  async set(ctx: CallContext, input: PlanInput): Promise<SalesPlan> {
    const v = parse(PlanInputSchema, input, 'sales plan');
    const types = [...new Set(v.activityTypes ?? [])].sort();
    const unknown = types.filter((t) => !this.activityTypes.get(t));
    if (unknown.length > 0)
      throw new InvalidDataError('sales plan', [
        {
          path: 'activityTypes',
          message: `unknown activity types: ${unknown.join(', ')}`,
          code: 'unknown_type',
        },
      ]);
    return this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      await this.requireReferences(tx, v);
      await this.requireInScope(tx, v.employeeId ?? null, v.departmentId ?? null);
      const key = [
        v.employeeId ?? null,
        v.departmentId ?? null,
        v.metric,
        v.periodStart,
        v.periodEnd,
        v.pipelineId ?? null,
        v.currency ?? null,
        types,
      ];
      const [existing] = await tx.sql<{ id: string }>(
        `select id from pipeline_plan where tenant_id = $1 and removed_at is null
           and employee_id is not distinct from $2::uuid and department_id is not distinct from $3::uuid and metric = $4
           and period_start = $5::date and period_end = $6::date and pipeline_id is not distinct from $7::uuid
           and currency is not distinct from $8 and activity_types = $9::text[]`,
        [tx.tenantId, ...key],
      );
      if (existing)
        throw new RapportError(
          'DUPLICATE',
          `The same plan already exists (${existing.id}); change its target with update`,
          {
            details: { existingId: existing.id },
          },
        );
      // A concurrent `set` of the same plan loses on the unique index: the transaction maps it to DUPLICATE.
      const plan = toPlan(
        await tx.db
          .insertInto('SalesPlan')
          .values({
            tenantId: tx.tenantId,
            id: uuidv7(),
            employeeId: v.employeeId ?? null,
            departmentId: v.departmentId ?? null,
            metric: v.metric,
            periodStart: v.periodStart,
            periodEnd: v.periodEnd,
            pipelineId: v.pipelineId ?? null,
            currency: v.currency ?? null,
            activityTypes: types,
            target: v.target,
            createdBy: tx.actor,
          })
          .returning(PLAN_COLUMNS)
          .executeTakeFirstOrThrow(),
      );
      await this.insertHistory(tx, plan, 'create', null, plan.target);
      return plan;
    });
  }

  /** Changes a plan's target (a new version, the old target kept in its history); CONFLICT on a stale `expectedVersion`. */
  async update(ctx: CallContext, id: string, input: PlanUpdate): Promise<SalesPlan> {
    const v = parse(PlanUpdateSchema, input, 'sales plan update');
    return this.db.transaction(ctx, async (tx) => {
      const plan = await this.lockForChange(tx, id, v.expectedVersion);
      const updated = await this.change(tx, plan.id, { target: v.target });
      await this.insertHistory(tx, updated, 'update', plan.target, updated.target);
      return updated;
    });
  }

  /** Removes a plan from progress and lists (soft: the row and its history stay). */
  async remove(ctx: CallContext, id: string, options: { expectedVersion?: number } = {}): Promise<SalesPlan> {
    return this.db.transaction(ctx, async (tx) => {
      const plan = await this.lockForChange(tx, id, options.expectedVersion);
      const removed = await this.change(tx, plan.id, { removedAt: sql<Date>`now()`, removedBy: tx.actor });
      await this.insertHistory(tx, removed, 'remove', removed.target, null);
      return removed;
    });
  }

  /** The plans the actor may see, optionally of one employee or department, overlapping `[from, to)`. */
  async list(ctx: CallContext, query: PlanListQuery = {}): Promise<SalesPlan[]> {
    const q = parse(PlanListSchema, query, 'sales plan list');
    return this.db.transaction(ctx, async (tx) => {
      const params: unknown[] = [tx.tenantId];
      const bind = paramBinder(params);
      const where = [planScopeSql(await visibilityOf(tx), bind)];
      if (!q.includeRemoved) where.push('p.removed_at is null');
      if (q.employeeId) where.push(`p.employee_id = ${bind(q.employeeId)}::uuid`);
      if (q.departmentId) where.push(`p.department_id = ${bind(q.departmentId)}::uuid`);
      if (q.from) where.push(`p.period_end > ${bind(q.from)}::date`);
      if (q.to) where.push(`p.period_start < ${bind(q.to)}::date`);
      // The scope is the shared plan visibility SQL: select the ids raw, read the plans through tx.db.
      const rows = await tx.sql<{ id: string }>(
        `select p.id from pipeline_plan p where p.tenant_id = $1 and ${where.join(' and ')}
         order by p.period_start, p.metric, p.id`,
        params,
      );
      return readPlans(
        tx,
        rows.map((r) => r.id),
      );
    });
  }

  /** Every change of a plan, oldest first. */
  async history(ctx: CallContext, id: string): Promise<PlanHistoryEntry[]> {
    return this.db.transaction(ctx, async (tx) => {
      await this.requireVisible(tx, id);
      const rows = await tx.db
        .selectFrom('SalesPlanHistory')
        .select(['version', 'operation', 'oldTarget', 'newTarget', 'changedAt', 'actor'])
        .where('tenantId', '=', tx.tenantId)
        .where('planId', '=', id)
        .orderBy('version')
        .execute();
      return rows.map((r) => ({ ...r, operation: r.operation as PlanHistoryEntry['operation'] }));
    });
  }

  /**
   * Plan against actual for every plan the actor may see that overlaps `[from, to)`: the target
   * pro-rated to the overlap, the actual from won deals (stage history) or the journal, and the
   * attainment. One SQL statement.
   *
   * @example
   * const rows = await crm.services.salesPlans.progress(ctx, { from: '2026-01-01', to: '2026-04-01', departmentId });
   */
  async progress(ctx: CallContext, query: PlanProgressQuery): Promise<PlanProgress[]> {
    const q = parse(PlanProgressSchema, query, 'plan progress query');
    return this.db.transaction(ctx, async (tx) => {
      const params: unknown[] = [tx.tenantId, q.from, q.to, q.timeZone ?? (await tenantTimeZone(tx))];
      const bind = paramBinder(params);
      const filters: string[] = [];
      if (q.employeeId) filters.push(`p.employee_id = ${bind(q.employeeId)}::uuid`);
      if (q.departmentId) {
        const dept = bind(q.departmentId);
        filters.push(`(p.department_id in (select fd.id from core_department fd where fd.tenant_id = $1 and fd.path @> array[${dept}::uuid])
          or p.employee_id in (select fe.id from core_employee fe join core_department fd on fd.tenant_id = fe.tenant_id
            and fd.id = fe.department_id where fe.tenant_id = $1 and fd.path @> array[${dept}::uuid]))`);
      }
      // Set-based analytics over the shared plan visibility SQL: raw, the plans then read through tx.db.
      const rows = await tx.sql<{
        id: string;
        overlap_start: string;
        overlap_end: string;
        overlap_days: number;
        plan_days: number;
        prorated_target: string;
        actual: string;
        won_deals: number;
      }>(progressSql(planScopeSql(await visibilityOf(tx), bind), filters), params);
      const plans = await readPlans(
        tx,
        rows.map((r) => r.id),
      );
      return rows.map((r, i) => ({
        plan: plans[i]!,
        overlap: { start: r.overlap_start, end: r.overlap_end, days: r.overlap_days, planDays: r.plan_days },
        proratedTarget: r.prorated_target,
        actual: r.actual,
        wonDeals: r.won_deals,
        attainment: Number(r.prorated_target) > 0 ? Number(r.actual) / Number(r.prorated_target) : null,
      }));
    });
  }

  private async requireVisible(tx: TxContext, id: string): Promise<void> {
    const params: unknown[] = [tx.tenantId, id];
    const scope = planScopeSql(await visibilityOf(tx), paramBinder(params));
    const [row] = await tx.sql<{ visible: boolean }>(
      `select ${scope} as visible from pipeline_plan p where p.tenant_id = $1 and p.id = $2`,
      params,
    );
    if (!row?.visible) throw new NotFoundError('Sales plan', id);
  }

  /** Locks a plan the actor may change (manager in scope, not removed, version as expected). */
  private async lockForChange(
    tx: TxContext,
    id: string,
    expectedVersion: number | undefined,
  ): Promise<SalesPlan> {
    await requireManager(tx);
    const found = await selectPlans(tx).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!found) throw new NotFoundError('Sales plan', id);
    const row = toPlan(found);
    await this.requireInScope(tx, row.employeeId, row.departmentId);
    if (row.removedAt)
      throw new RapportError('CONFLICT', `Sales plan ${id} was removed`, { details: { id } });
    if (expectedVersion !== undefined && row.version !== expectedVersion)
      throw new RapportError(
        'CONFLICT',
        `Sales plan ${id} changed meanwhile (version ${row.version}, expected ${expectedVersion})`,
        {
          details: { id, version: row.version, expectedVersion },
        },
      );
    return row;
  }

  /** Updates a locked plan (a new version) and returns it. */
  private async change(
    tx: TxContext,
    id: string,
    set: { target: string } | { removedAt: RawBuilder<Date>; removedBy: Actor },
  ): Promise<SalesPlan> {
    return toPlan(
      await tx.db
        .updateTable('SalesPlan')
        .set({ ...set, version: sql<number>`version + 1`, updatedAt: sql<Date>`now()` })
        .where('tenantId', '=', tx.tenantId)
        .where('id', '=', id)
        .returning(PLAN_COLUMNS)
        .executeTakeFirstOrThrow(),
    );
  }

  /** Records a change of a plan (at its new version) in its history. */
  private async insertHistory(
    tx: TxContext,
    plan: SalesPlan,
    operation: PlanHistoryEntry['operation'],
    oldTarget: string | null,
    newTarget: string | null,
  ): Promise<void> {
    await tx.db
      .insertInto('SalesPlanHistory')
      .values({
        tenantId: tx.tenantId,
        id: uuidv7(),
        planId: plan.id,
        version: plan.version,
        operation,
        oldTarget,
        newTarget,
        actor: tx.actor,
      })
      .execute();
  }

  private async requireReferences(
    tx: TxContext,
    v: { employeeId?: string; departmentId?: string; pipelineId?: string },
  ): Promise<void> {
    const [row] = await tx.sql<{ employee: boolean; department: boolean; pipeline: boolean }>(
      `select ($2::uuid is null or exists (select 1 from core_employee where tenant_id = $1 and id = $2)) as employee,
         ($3::uuid is null or exists (select 1 from core_department where tenant_id = $1 and id = $3)) as department,
         ($4::uuid is null or exists (select 1 from pipeline_pipeline where tenant_id = $1 and id = $4)) as pipeline`,
      [tx.tenantId, v.employeeId ?? null, v.departmentId ?? null, v.pipelineId ?? null],
    );
    if (!row!.employee) throw new NotFoundError('Employee', v.employeeId!, { field: 'employeeId' });
    if (!row!.department) throw new NotFoundError('Department', v.departmentId!, { field: 'departmentId' });
    if (!row!.pipeline) throw new NotFoundError('Pipeline', v.pipelineId!, { field: 'pipelineId' });
  }

  /** A manager may plan only for their department subtree and its employees. */
  private async requireInScope(
    tx: TxContext,
    employeeId: string | null,
    departmentId: string | null,
  ): Promise<void> {
    const visibility = await visibilityOf(tx);
    if (visibility.all) return;
    const params: unknown[] = [tx.tenantId, employeeId, departmentId];
    const scope = planScopeSql(visibility, paramBinder(params));
    const [row] = await tx.sql<{ ok: boolean }>(
      `select ${scope} as ok from (select $1::uuid as tenant_id, $2::uuid as employee_id, $3::uuid as department_id) p`,
      params,
    );
    if (!row?.ok)
      throw new NotAllowedError(
        'Managers may set plans only for their own department subtree and its employees',
        {
          employeeId,
          departmentId,
        },
      );
  }
}
