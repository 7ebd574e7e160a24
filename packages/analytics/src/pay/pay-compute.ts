import { type TxContext, tenantDayStart, tenantTimeZone } from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import { pricingInstalled, pricingMissing } from '../shared/margin.js';
import { type ComputedStatement, computeStatement, type PlanTerms } from './commission.js';
import type { CommissionRule } from './pay-plan-input.js';
import { type PayRow, PLANS_SQL, payRowsSql, SALES_PLAN_TARGETS_SQL } from './pay-sql.js';

interface PlanRow {
  employee_id: string;
  plan_id: string | null;
  currency: string;
  base_salary: string;
  basis: 'revenue' | 'margin';
  target_source: 'none' | 'plan' | 'sales_plan';
  target: string | null;
  rules: CommissionRule[];
  cap: string | null;
  new_customer_days: number | null;
}

/** A run's period: its days and the instants they start in the tenant's time zone. */
export interface RunPeriod {
  runId: string;
  periodStart: string;
  periodEnd: string;
}

/** The targets of the pipeline's `won_amount` sales plans of the month, by employee and currency. */
async function salesPlanTargets(tx: TxContext, period: RunPeriod): Promise<Map<string, string>> {
  const [installed] = await tx.sql<{ ok: boolean }>(`select to_regclass('pipeline_plan') is not null as ok`);
  if (!installed?.ok) return new Map();
  const rows = await tx.sql<{ employee_id: string; currency: string; target: string }>(
    SALES_PLAN_TARGETS_SQL,
    [tx.tenantId, period.periodStart, period.periodEnd],
  );
  return new Map(rows.map((r) => [`${r.employee_id}/${r.currency.trim()}`, r.target]));
}

interface Statement {
  id: string;
  plan: Pick<PlanRow, 'employee_id' | 'plan_id' | 'currency'>;
  target: string | null;
  computed: ComputedStatement;
}

/** Terms that pay nothing: a statement of clawbacks and adjustments only. */
const NO_PLAN: PlanTerms = { baseSalary: '0', rules: [], cap: null, target: null, newCustomerDays: null };

/**
 * Statements of agents without a plan in force who have clawbacks or reversals of what earlier runs
 * paid them: those lines only, in the currency of the agent's latest approved statement (rows in
 * other currencies are left for a run in which a statement of theirs has that currency).
 */
async function withoutPlan(
  tx: TxContext,
  plans: readonly PlanRow[],
  byEmployee: ReadonlyMap<string, PayRow[]>,
): Promise<Statement[]> {
  const planned = new Set(plans.map((p) => p.employee_id));
  const owing = [...byEmployee].filter(
    ([employee, rows]) => !planned.has(employee) && rows.some((r) => r.kind !== 'credit'),
  );
  if (owing.length === 0) return [];
  const currencies = await tx.sql<{ employee_id: string; currency: string }>(
    `select distinct on (s.employee_id) s.employee_id, trim(s.currency) as currency
     from analytics_pay_statement s join analytics_pay_run r on r.tenant_id = s.tenant_id and r.id = s.run_id
     where s.tenant_id = $1 and r.status = 'approved' and s.employee_id = any($2::uuid[])
     order by s.employee_id, r.period_start desc`,
    [tx.tenantId, owing.map(([employee]) => employee)],
  );
  const currencyOf = new Map(currencies.map((c) => [c.employee_id, c.currency]));
  return owing.flatMap(([employee, rows]) => {
    const adjustments = rows.filter((r) => r.kind !== 'credit');
    const currency = currencyOf.get(employee) ?? adjustments[0]!.currency.trim();
    const own = adjustments.filter((r) => r.currency.trim() === currency);
    if (own.length === 0) return [];
    return [
      {
        id: uuidv7(),
        plan: { employee_id: employee, plan_id: null, currency },
        target: null,
        computed: computeStatement(NO_PLAN, own),
      },
    ];
  });
}

/**
 * Computes a draft run: reads the plans in force and the run's rows in two statements, computes each
 * agent's statement over that agent's aggregated rows (see `computeStatement`), and replaces the
 * run's statements and lines in two inserts. Agents without a plan get a statement only when they
 * have clawbacks or reversals of earlier paid entries (those lines alone).
 */
export async function computeRun(tx: TxContext, period: RunPeriod): Promise<number> {
  const zone = await tenantTimeZone(tx);
  const start = await tenantDayStart(tx, period.periodStart);
  const end = await tenantDayStart(tx, period.periodEnd);
  const plans = await tx.sql<PlanRow>(PLANS_SQL, [tx.tenantId, period.periodStart, start]);
  const margin = plans.find((p) => p.basis === 'margin');
  if (margin && !(await pricingInstalled(tx))) throw pricingMissing(margin.plan_id!);
  const targets = plans.some((p) => p.target_source === 'sales_plan')
    ? await salesPlanTargets(tx, period)
    : new Map();
  const rows = await tx.sql<PayRow>(payRowsSql(margin !== undefined), [tx.tenantId, start, end, zone]);
  const byEmployee = new Map<string, PayRow[]>();
  for (const row of rows) {
    const list = byEmployee.get(row.employee_id) ?? [];
    list.push(row);
    byEmployee.set(row.employee_id, list);
  }
  await tx.sql(
    `delete from analytics_pay_line where tenant_id = $1 and statement_id in
       (select id from analytics_pay_statement where tenant_id = $1 and run_id = $2)`,
    [tx.tenantId, period.runId],
  );
  await tx.sql('delete from analytics_pay_statement where tenant_id = $1 and run_id = $2', [
    tx.tenantId,
    period.runId,
  ]);
  const statements: Statement[] = [];
  for (const plan of plans) {
    const currency = plan.currency.trim();
    const target =
      plan.target_source === 'plan'
        ? plan.target
        : plan.target_source === 'sales_plan'
          ? (targets.get(`${plan.employee_id}/${currency}`) ?? null)
          : null;
    const own = (byEmployee.get(plan.employee_id) ?? []).filter((r) => r.currency.trim() === currency);
    const computed = computeStatement(
      {
        baseSalary: plan.base_salary,
        basis: plan.basis,
        rules: plan.rules,
        cap: plan.cap,
        target: target !== null && Number(target) > 0 ? target : null,
        newCustomerDays: plan.new_customer_days,
      },
      own,
    );
    statements.push({ id: uuidv7(), plan, target, computed });
  }
  statements.push(...(await withoutPlan(tx, plans, byEmployee)));
  if (statements.length === 0) return 0;
  await tx.sql(
    `insert into analytics_pay_statement (tenant_id, id, run_id, employee_id, plan_id, currency, base, revenue, target,
       earned, commission, adjustments, total)
     select $1, x.id, $2, x.employee_id, x.plan_id, x.currency, x.base, x.revenue, x.target, x.earned, x.commission,
       x.adjustments, x.total
     from jsonb_to_recordset($3::jsonb) as x(id uuid, employee_id uuid, plan_id uuid, currency text, base numeric,
       revenue numeric, target numeric, earned numeric, commission numeric, adjustments numeric, total numeric)`,
    [
      tx.tenantId,
      period.runId,
      JSON.stringify(
        statements.map((s) => ({
          id: s.id,
          employee_id: s.plan.employee_id,
          plan_id: s.plan.plan_id,
          currency: s.plan.currency.trim(),
          target: s.target,
          ...s.computed,
          lines: undefined,
        })),
      ),
    ],
  );
  const lines = statements.flatMap((s) =>
    s.computed.lines.map((line, position) => ({ ...line, id: uuidv7(), statement_id: s.id, position })),
  );
  if (lines.length > 0)
    await tx.sql(
      `insert into analytics_pay_line (tenant_id, id, statement_id, position, kind, entry_id, sale_id, rule, tier, basis,
         share, rate, amount, note)
       select $1, x.id, x.statement_id, x.position, x.kind, x."entryId", x."saleId", x.rule, x.tier, x.basis, x.share,
         x.rate, x.amount, x.note
       from jsonb_to_recordset($2::jsonb) as x(id uuid, statement_id uuid, position int, kind text, "entryId" uuid,
         "saleId" uuid, rule int, tier int, basis numeric, share numeric, rate numeric, amount numeric, note text)`,
      [tx.tenantId, JSON.stringify(lines)],
    );
  return statements.length;
}
