import type { Visibility } from '@rapport/core/plugin';

/**
 * The plans (alias `p`) the actor may see: administrators and system processes every plan, managers
 * the plans of their department subtree and of its employees, everyone their own and those of the
 * people who report to them (directly or indirectly).
 */
export function planScopeSql(visibility: Visibility, bind: (value: unknown) => string): string {
  if (visibility.all) return 'true';
  const own =
    visibility.reportIds.length > 0
      ? `(p.employee_id = ${bind(visibility.employeeId)}::uuid or p.employee_id = any(${bind(visibility.reportIds)}::uuid[]))`
      : `p.employee_id = ${bind(visibility.employeeId)}::uuid`;
  if (visibility.role === 'manager' && visibility.departmentId) {
    const dept = bind(visibility.departmentId);
    return `(p.department_id in (select sd.id from core_department sd where sd.tenant_id = p.tenant_id and sd.path @> array[${dept}::uuid])
      or p.employee_id in (select se.id from core_employee se join core_department sd on sd.tenant_id = se.tenant_id and sd.id = se.department_id
        where se.tenant_id = p.tenant_id and sd.path @> array[${dept}::uuid])
      or ${own})`;
  }
  return own;
}

/**
 * Plan against actual in one statement. `$1` tenant, `$2` from, `$3` to (dates, `to` exclusive), `$4`
 * the time zone of day boundaries; `scope` and `filters` are predicates over the plan alias `p`.
 *
 * - Each plan overlapping `[from, to)` is measured over the overlap `[greatest(start, from),
 *   least(end, to))`, and its target pro-rated by days: target × overlap days / plan days.
 * - Members: the plan's employee, or every employee (active or not) of the department's subtree.
 * - Won metrics: deals now won whose winning change (their latest change into a won stage) falls in
 *   the overlap, owned by a member, of the plan's pipeline if it has one; `won_amount` sums those in
 *   the plan's currency.
 * - `activity_count`: current journal entries (neither superseded nor a void) of the plan's types,
 *   done or without status, by a member (`employee_id`), occurred in the overlap.
 */
export function progressSql(scope: string, filters: readonly string[]): string {
  const where = [scope, ...filters].join(' and ');
  const at = (day: string) => `((${day})::timestamp at time zone $4)`;
  return `
with plans as materialized (
  select p.*, greatest(p.period_start, $2::date) as o_start, least(p.period_end, $3::date) as o_end
  from pipeline_plan p
  where p.tenant_id = $1 and p.removed_at is null and p.period_start < $3::date and p.period_end > $2::date and ${where}
),
members as materialized (
  select p.id as plan_id, p.employee_id from plans p where p.employee_id is not null
  union all
  select p.id, e.id from plans p
  join core_department dd on dd.tenant_id = $1 and dd.path @> array[p.department_id]
  join core_employee e on e.tenant_id = $1 and e.department_id = dd.id
  where p.department_id is not null
),
wins as (
  select d.id, d.owner_id, d.pipeline_id, d.amount, d.currency, max(sc.changed_at) as won_at
  from pipeline_stage_change sc
  join pipeline_stage s on s.tenant_id = sc.tenant_id and s.id = sc.to_stage_id and s.outcome = 'won'
  join pipeline_deal d on d.tenant_id = sc.tenant_id and d.id = sc.deal_id and d.status = 'won'
  where sc.tenant_id = $1 and sc.changed_at >= ${at('$2::date')}
    and exists (select 1 from plans where metric <> 'activity_count')
  group by d.tenant_id, d.id
  having max(sc.changed_at) < ${at('$3::date')}
),
won_actual as (
  select p.id as plan_id, count(*)::int as deals, sum(w.amount) filter (where w.currency = p.currency) as amount
  from plans p
  join members m on m.plan_id = p.id
  join wins w on w.owner_id = m.employee_id and (p.pipeline_id is null or w.pipeline_id = p.pipeline_id)
    and w.won_at >= ${at('p.o_start')} and w.won_at < ${at('p.o_end')}
  where p.metric <> 'activity_count'
  group by p.id
),
activity_actual as (
  select p.id as plan_id, count(*)::int as entries
  from plans p
  join members m on m.plan_id = p.id
  join core_journal_entry e on e.tenant_id = $1 and e.employee_id = m.employee_id
    and e.occurred_at >= ${at('p.o_start')} and e.occurred_at < ${at('p.o_end')}
    and e.type = any(p.activity_types) and e.superseded_by is null and e.correction is distinct from 'void'
    and (e.status is null or e.status = 'done')
  where p.metric = 'activity_count'
  group by p.id
)
select p.id, p.o_start::text as overlap_start, p.o_end::text as overlap_end,
  (p.o_end - p.o_start) as overlap_days, (p.period_end - p.period_start) as plan_days,
  round(p.target * (p.o_end - p.o_start) / (p.period_end - p.period_start), 4)::text as prorated_target,
  case p.metric when 'won_amount' then coalesce(w.amount, 0)::text
                when 'won_count' then coalesce(w.deals, 0)::text
                else coalesce(a.entries, 0)::text end as actual,
  coalesce(w.deals, 0) as won_deals
from plans p
left join won_actual w on w.plan_id = p.id
left join activity_actual a on a.plan_id = p.id
order by p.period_start, p.metric, p.id`;
}
