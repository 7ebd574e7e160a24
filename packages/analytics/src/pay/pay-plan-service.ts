import {
  type CallContext,
  ConflictError,
  DATABASE,
  type Database,
  InvalidDataError,
  inject,
  injectable,
  parse,
  requireAdmin,
  requireDepartment,
  requireEmployee,
  type TxContext,
} from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import { requirePricingForMargin } from '../shared/margin.js';
import { type CommissionRule, type PayPlanInput, PayPlanInputSchema } from './pay-plan-input.js';

/** One version of a pay plan. */
export interface PayPlan {
  id: string;
  name: string;
  employeeId: string | null;
  departmentId: string | null;
  role: string | null;
  /** First day (inclusive). */
  validFrom: string;
  /** Day the next version starts (exclusive); null while it is the latest. */
  validTo: string | null;
  currency: string;
  baseSalary: string;
  basis: 'revenue' | 'margin';
  targetSource: 'none' | 'plan' | 'sales_plan';
  target: string | null;
  rules: CommissionRule[];
  cap: string | null;
  newCustomerDays: number | null;
  createdAt: Date;
}

const COLUMNS = [
  'id',
  'name',
  'employeeId',
  'departmentId',
  'role',
  'validFrom',
  'validTo',
  'currency',
  'baseSalary',
  'basis',
  'targetSource',
  'target',
  'rules',
  'cap',
  'newCustomerDays',
  'createdAt',
] as const;

function select(tx: TxContext) {
  return tx.db.selectFrom('PayPlan').select(COLUMNS).where('tenantId', '=', tx.tenantId);
}

function toPlan(row: Awaited<ReturnType<ReturnType<typeof select>['executeTakeFirstOrThrow']>>): PayPlan {
  return {
    ...row,
    currency: row.currency.trim(),
    basis: row.basis as PayPlan['basis'],
    targetSource: row.targetSource as PayPlan['targetSource'],
  };
}

/**
 * Pay plans (`crm.services.payPlans`): a base salary per month and commission rules, per employee,
 * department or role, in versions by validity. Administrators set them.
 */
@injectable()
export class PayPlanService {
  constructor(@inject(DATABASE) private readonly db: Database) {}

  /**
   * Adds a version of the plan of one employee, department or role from `validFrom` (the first day of
   * a month); the version in force before it ends that day. A version may not start inside a month
   * an approved pay run covers (CONFLICT naming `validFrom`): approved statements are never rewritten.
   *
   * @example
   * await crm.services.payPlans.set(ctx, { name: 'Agents 2026', role: 'agent', validFrom: '2026-01-01', baseSalary: '2000', targetSource: 'plan', target: '10000', rules: [{ name: 'Revenue', tiers: [{ fromPercent: '0', rate: '5' }, { fromPercent: '100', rate: '8' }] }] });
   */
  async set(ctx: CallContext, input: PayPlanInput): Promise<PayPlan> {
    const v = parse(PayPlanInputSchema, input, 'pay plan');
    if (!v.validFrom.endsWith('-01'))
      throw new InvalidDataError('pay plan', [
        {
          path: 'validFrom',
          message: 'a pay plan version starts on the first day of a month',
          code: 'custom',
        },
      ]);
    return this.db.transaction(ctx, async (tx) => {
      await requireAdmin(tx);
      if (v.employeeId) await requireEmployee(tx, v.employeeId);
      if (v.departmentId) await requireDepartment(tx, v.departmentId);
      if (v.basis === 'margin') await requirePricingForMargin(tx, 'pay plan', 'basis');
      const [approved] = await tx.sql<{ period_start: string }>(
        `select period_start::text from analytics_pay_run where tenant_id = $1 and status = 'approved' and period_end > $2::date
         order by period_start desc limit 1`,
        [tx.tenantId, v.validFrom],
      );
      if (approved)
        throw new ConflictError(
          `The pay run of ${approved.period_start} is approved: a plan version cannot start before its end`,
          { details: { field: 'validFrom', validFrom: v.validFrom, approvedPeriod: approved.period_start } },
        );
      const assignee = [v.employeeId ?? null, v.departmentId ?? null, v.role ?? null];
      // The version in force on validFrom ends there; a later version bounds the new one.
      await tx.sql(
        `update analytics_pay_plan set valid_to = $5::date
          where tenant_id = $1 and employee_id is not distinct from $2::uuid and department_id is not distinct from $3::uuid
            and role is not distinct from $4 and valid_from < $5::date and (valid_to is null or valid_to > $5::date)`,
        [tx.tenantId, ...assignee, v.validFrom],
      );
      const [next] = await tx.sql<{ valid_from: string }>(
        `select min(valid_from)::text as valid_from from analytics_pay_plan
          where tenant_id = $1 and employee_id is not distinct from $2::uuid and department_id is not distinct from $3::uuid
            and role is not distinct from $4 and valid_from > $5::date`,
        [tx.tenantId, ...assignee, v.validFrom],
      );
      // The same assignee and first day twice is a DUPLICATE from the unique index.
      const row = await tx.db
        .insertInto('PayPlan')
        .values({
          tenantId: tx.tenantId,
          id: uuidv7(),
          name: v.name,
          employeeId: v.employeeId ?? null,
          departmentId: v.departmentId ?? null,
          role: v.role ?? null,
          validFrom: v.validFrom,
          validTo: next?.valid_from ?? null,
          currency: v.currency,
          baseSalary: v.baseSalary,
          basis: v.basis,
          targetSource: v.targetSource,
          target: v.target ?? null,
          rules: v.rules,
          cap: v.cap ?? null,
          newCustomerDays: v.newCustomerDays ?? null,
          createdBy: tx.actor,
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      return toPlan(row);
    });
  }

  /** The plan versions, latest first (administrators); `at` keeps the versions in force that day. */
  async list(ctx: CallContext, query: { employeeId?: string; at?: string } = {}): Promise<PayPlan[]> {
    return this.db.transaction(ctx, async (tx) => {
      await requireAdmin(tx);
      let q = select(tx).orderBy('validFrom', 'desc').orderBy('id');
      if (query.employeeId) q = q.where('employeeId', '=', query.employeeId);
      if (query.at)
        q = q
          .where('validFrom', '<=', query.at)
          .where((w) => w.or([w('validTo', 'is', null), w('validTo', '>', query.at!)]));
      return (await q.execute()).map(toPlan);
    });
  }
}
