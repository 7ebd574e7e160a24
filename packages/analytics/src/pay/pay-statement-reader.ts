import {
  NotAllowedError,
  NotFoundError,
  ownedBySql,
  paramBinder,
  type TxContext,
  visibilityOf,
} from '@rapport/core/plugin';

/** One line of a pay statement. */
export interface PayLine {
  position: number;
  kind: 'base' | 'commission' | 'cap' | 'clawback' | 'adjustment';
  /** The journal entry that produced the line (a sale, a refund, a corrected entry). */
  entryId: string | null;
  /** For a refund: the sale it refunds. */
  saleId: string | null;
  /** Index of the plan's commission rule, and of its tier. */
  rule: number | null;
  tier: number | null;
  basis: string | null;
  /** The agent's share of the entry, percent. */
  share: string | null;
  /** Commission rate, percent. */
  rate: string | null;
  amount: string;
  note: string;
}

/** One agent's pay in one run. Amounts are exact decimal strings in `currency`. */
export interface PayStatement {
  id: string;
  runId: string;
  period: { start: string; end: string; status: 'draft' | 'approved' };
  employeeId: string;
  employeeName: string;
  /** The plan version applied; null for an agent without a plan who has clawbacks or adjustments. */
  planId: string | null;
  currency: string;
  base: string;
  revenue: string;
  target: string | null;
  /** Commission before the cap. */
  earned: string;
  commission: string;
  adjustments: string;
  total: string;
  lines: PayLine[];
}

interface StatementRow {
  id: string;
  run_id: string;
  period_start: string;
  period_end: string;
  status: 'draft' | 'approved';
  employee_id: string;
  employee_name: string;
  plan_id: string | null;
  currency: string;
  base: string;
  revenue: string;
  target: string | null;
  earned: string;
  commission: string;
  adjustments: string;
  total: string;
  lines: PayLine[] | null;
}

const STATEMENT_SQL = (visible: string, withLines: boolean) => `
select s.id, s.run_id, r.period_start::text, r.period_end::text, r.status, s.employee_id, e.name as employee_name,
       s.plan_id, trim(s.currency) as currency, s.base::text, s.revenue::text, s.target::text, s.earned::text,
       s.commission::text, s.adjustments::text, s.total::text,
       ${
         withLines
           ? `(select json_agg(json_build_object('position', l.position, 'kind', l.kind, 'entryId', l.entry_id,
             'saleId', l.sale_id, 'rule', l.rule, 'tier', l.tier, 'basis', l.basis::text, 'share', l.share::text,
             'rate', l.rate::text, 'amount', l.amount::text, 'note', l.note) order by l.position)
          from analytics_pay_line l where l.tenant_id = s.tenant_id and l.statement_id = s.id)`
           : 'null'
       } as lines
from analytics_pay_statement s
join analytics_pay_run r on r.tenant_id = s.tenant_id and r.id = s.run_id
join core_employee e on e.tenant_id = s.tenant_id and e.id = s.employee_id
where s.tenant_id = $1 and s.run_id = $2 and ${visible}`;

function toStatement(r: StatementRow): PayStatement {
  return {
    id: r.id,
    runId: r.run_id,
    period: { start: r.period_start, end: r.period_end, status: r.status },
    employeeId: r.employee_id,
    employeeName: r.employee_name,
    planId: r.plan_id,
    currency: r.currency,
    base: r.base,
    revenue: r.revenue,
    target: r.target,
    earned: r.earned,
    commission: r.commission,
    adjustments: r.adjustments,
    total: r.total,
    lines: r.lines ?? [],
  };
}

/** The predicate of the statements the actor may read: own, reports', a manager's subtree; all for administrators. */
async function visibleSql(tx: TxContext, params: unknown[]): Promise<string> {
  const visibility = await visibilityOf(tx);
  if (visibility.all) return 'true';
  return `(${ownedBySql(visibility, 's.employee_id', 's', paramBinder(params)).join(' or ')})`;
}

/** The statements of a run the actor may see, by employee name, without lines. */
export async function readStatements(tx: TxContext, runId: string): Promise<PayStatement[]> {
  const params: unknown[] = [tx.tenantId, runId];
  const rows = await tx.sql<StatementRow>(
    `${STATEMENT_SQL(await visibleSql(tx, params), false)} order by e.name, s.id`,
    params,
  );
  return rows.map(toStatement);
}

/** One agent's statement with its lines; NOT_ALLOWED when the actor may not see it, NOT_FOUND when there is none. */
export async function readStatement(tx: TxContext, runId: string, employeeId: string): Promise<PayStatement> {
  const params: unknown[] = [tx.tenantId, runId, employeeId];
  const visible = await visibleSql(tx, params);
  // Visibility is decided on the employee, before anything about the statement is read.
  const [allowed] = await tx.sql<{ ok: boolean }>(
    `select (${visible}) as ok from (select $1::uuid as tenant_id, $3::uuid as employee_id, $2::uuid as run_id) s`,
    params,
  );
  if (!allowed?.ok)
    throw new NotAllowedError(`Not allowed to read the pay statement of employee ${employeeId}`, {
      employeeId,
      runId,
    });
  const [row] = await tx.sql<StatementRow>(STATEMENT_SQL('s.employee_id = $3::uuid', true), [
    tx.tenantId,
    runId,
    employeeId,
  ]);
  if (!row) throw new NotFoundError('PayStatement', `${runId}/${employeeId}`);
  return toStatement(row);
}
