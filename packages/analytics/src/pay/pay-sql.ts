import { entryCategoryMarginSql, entryMarginSql } from '../shared/margin.js';

/**
 * The set-based parts of a pay run, as raw SQL over the journal and the pay tables. Parameters of
 * {@link PAY_ROWS_SQL}: `$1` tenant, `$2` period start, `$3` period end (timestamptz), `$4` the tenant's
 * time zone.
 */

/**
 * The margin of a credited category part: an entry credited through itself (a sale, an unlinked
 * refund) has its lines of that category; a refund credited through its sale has its own margin
 * split over the sale's parts in proportion to their revenue.
 */
const PART_MARGIN = `case when l.id = l.credit_id then mg.part_margin else mg.margin * u.part end`;

/** The current version of an entry: not superseded by an amendment, not a void. */
const CURRENT = `superseded_by is null and correction is distinct from 'void'`;

/**
 * Every row a run's statements are computed from, one statement, aggregated per entry and agent:
 *
 * - `credit`: a sale (positive) or a refund not linked to a paid sale (negative), credited to each
 *   agent by its split (`analytics_pay_split` of the entry, or of the entry it amends; else 100 % to
 *   its employee). A refund linked (`subject { type: 'sale', id }`) to a sale not yet paid is credited
 *   like that sale. Entries of the period, plus "late" ones: entries of an approved period that are
 *   not in the paid-entry ledger (recorded or amended after its approval).
 * - `clawback`: a refund of a sale that an approved run paid: per agent the ledger's revenue and
 *   commission of the sale, and the sale's paid revenue over all agents.
 * - `reversal`: an entry paid by an approved run and superseded since (amended or voided): what the
 *   ledger holds for it, to take back.
 *
 * With `margin` (some plan pays on margin; needs `@rapport/pricing`), credits and clawbacks also carry
 * the margin of their entry's sale lines (`shared/margin.ts`), split over category parts like revenue.
 */
export function payRowsSql(margin: boolean): string {
  return `
with scope as (
  select e.id, e.type, e.occurred_at, e.amount, e.currency, e.employee_id, e.corrects_id, e.data,
         case when e.type = 'refund' and e.subject_type = 'sale' then e.subject_id end as sale_id,
         e.occurred_at < $2 as late
  from core_journal_entry e
  where e.tenant_id = $1 and e.type in ('sale', 'refund') and e.${CURRENT} and e.occurred_at < $3
    and (e.occurred_at >= $2 or (
      not exists (select 1 from analytics_pay_ledger l where l.tenant_id = e.tenant_id and l.entry_id = e.id)
      and exists (select 1 from analytics_pay_run r where r.tenant_id = e.tenant_id and r.status = 'approved'
        and e.occurred_at >= (r.period_start::timestamp at time zone $4)
        and e.occurred_at < (r.period_end::timestamp at time zone $4))))
),
paid as (
  -- What approved runs paid per entry and agent (commission after the cap), and, when the run that
  -- paid it was capped, that statement's commission and earned (the pro-rata factor, for the trace).
  select l.entry_id, l.employee_id, sum(l.revenue) as revenue, sum(l.commission) as commission,
         max(st.commission) filter (where st.earned > st.commission) as cap_paid,
         max(st.earned) filter (where st.earned > st.commission) as cap_earned
  from analytics_pay_ledger l
  left join analytics_pay_statement st on st.tenant_id = l.tenant_id and st.run_id = l.run_id and st.employee_id = l.employee_id
  where l.tenant_id = $1 group by l.entry_id, l.employee_id
),
linked as (
  -- What each entry is credited through: a sale itself; a refund through its sale when that sale is
  -- not paid yet; an unlinked refund (or one whose sale is paid: see clawback) through itself.
  select s.*, coalesce(sale.id, s.id) as credit_id, coalesce(sale.corrects_id, s.corrects_id) as credit_corrects,
         coalesce(sale.employee_id, s.employee_id) as credit_employee,
         coalesce(sale.occurred_at, s.occurred_at) as credit_at,
         (s.type = 'refund' and sale.id is null) as unlinked,
         case when jsonb_typeof(coalesce(sale.data, s.data)->'items') = 'array' then coalesce(sale.data, s.data)->'items'
           else '[]'::jsonb end as items
  from scope s
  left join lateral (
    select x.id, x.corrects_id, x.employee_id, x.occurred_at, x.data from core_journal_entry x
    where x.tenant_id = $1 and x.id = s.sale_id and x.type = 'sale'
    limit 1 -- keeps it a per-refund index lookup instead of a hash of every sale
  ) sale on true
  where not exists (select 1 from paid p where p.entry_id = s.sale_id)
),
customers as (
  -- The customer of each credited sale (the first party with role customer).
  select distinct on (c.entry_id) c.entry_id, c.party_id from core_journal_party c
  where c.tenant_id = $1 and c.role = 'customer' and c.entry_id in (select credit_id from linked)
  order by c.entry_id, c.party_id
),
credits as (
  select 'credit'::text as kind, l.id as entry_id, l.sale_id, l.type, l.occurred_at, l.late, l.currency, sh.employee_id,
         sh.share::text as share,
         round(case when l.type = 'refund' then -l.amount else l.amount end * u.part * sh.share / 100, 4)::text as revenue,
         null::text as paid_revenue, null::text as paid_commission, null::text as sale_revenue, l.unlinked,
         h.previous_at as previous_sale_at,
         l.credit_at, u.category,
         ${margin ? `round(${PART_MARGIN} * sh.share / 100, 4)::text` : 'null::text'} as margin,
         null::text as sale_margin, ${margin ? 'case when l.id = l.credit_id then mg.part_without_cost else mg.without_cost end' : '0'} as without_cost,
         null::text as cap_paid, null::text as cap_earned
  from linked l
  left join customers cu on cu.entry_id = l.credit_id
  -- The customer's latest current sale before this one: a walk down the timeline index.
  left join lateral (
    select jp.occurred_at as previous_at from core_journal_party jp
    join core_journal_entry o on o.tenant_id = jp.tenant_id and o.id = jp.entry_id and o.type = 'sale' and o.${CURRENT}
    where jp.tenant_id = $1 and jp.party_id = cu.party_id and jp.role = 'customer' and jp.occurred_at < l.credit_at
    order by jp.occurred_at desc, jp.entry_id desc limit 1
  ) h on true
  cross join lateral (
    select sp.employee_id, sp.share from analytics_pay_split sp
    where sp.tenant_id = $1 and sp.entry_id = coalesce(
      (select k.entry_id from analytics_pay_split k where k.tenant_id = $1 and k.entry_id in (l.credit_id, l.credit_corrects)
        order by k.entry_id = l.credit_id desc limit 1), l.credit_id)
    union all
    select l.credit_employee, 100::numeric where l.credit_employee is not null and not exists (
      select 1 from analytics_pay_split k where k.tenant_id = $1 and k.entry_id in (l.credit_id, l.credit_corrects))
  ) sh
  -- The credited entry's parts by product category (money lines' \`extra.category\`): a sale
  -- without lines, or with lines without a category, is one part of category null.
  cross join lateral (
    select c.category, c.total / t.total as part
    from (select i->'extra'->>'category' as category, sum((i->>'total')::numeric) as total
          from jsonb_array_elements(l.items) i group by 1) c
    cross join (select sum((i->>'total')::numeric) as total from jsonb_array_elements(l.items) i) t
    where t.total <> 0
    union all
    select null, 1 where not exists (select 1 from jsonb_array_elements(l.items) i where (i->>'total')::numeric <> 0)
  ) u
  ${margin ? `cross join lateral ${entryCategoryMarginSql('l.id', "l.data->'items'", 'u.category')} mg` : ''}
),
clawbacks as (
  select 'clawback'::text, s.id, s.sale_id, s.type, s.occurred_at, s.late, s.currency, p.employee_id, null::text,
         s.amount::text, p.revenue::text, p.commission::text,
         (select sum(t.revenue) from paid t where t.entry_id = s.sale_id)::text, false, null::timestamptz, null::timestamptz,
         null::text, ${margin ? '(-rm.margin)::text, sm.margin::text, rm.without_cost' : 'null::text, null::text, 0'},
         p.cap_paid::text, p.cap_earned::text
  from scope s join paid p on p.entry_id = s.sale_id
  ${margin ? `cross join lateral ${entryMarginSql('s.id')} rm cross join lateral ${entryMarginSql('s.sale_id')} sm` : ''}
  where s.type = 'refund'
),
reversals as (
  select 'reversal'::text, p.entry_id, null::uuid, e.type, e.occurred_at, true, e.currency, p.employee_id, null::text,
         null::text, p.revenue::text, p.commission::text, null::text, false, null::timestamptz, null::timestamptz, null::text,
         null::text, null::text, 0, p.cap_paid::text, p.cap_earned::text
  from paid p join core_journal_entry e on e.tenant_id = $1 and e.id = p.entry_id
  where not (e.${CURRENT}) and (p.revenue <> 0 or p.commission <> 0)
)
select * from credits
union all select * from clawbacks
union all select * from reversals
order by employee_id, occurred_at, entry_id, category nulls first`;
}

/** {@link payRowsSql} without margin (no plan pays on margin, or pricing is not installed). */
export const PAY_ROWS_SQL: string = payRowsSql(false);

/** A row of {@link PAY_ROWS_SQL}. */
export interface PayRow {
  kind: 'credit' | 'clawback' | 'reversal';
  entry_id: string;
  sale_id: string | null;
  type: 'sale' | 'refund';
  occurred_at: string;
  late: boolean;
  currency: string;
  employee_id: string;
  share: string | null;
  /** Credit: the agent's credited revenue (negative for refunds); clawback: the refund's amount. */
  revenue: string | null;
  paid_revenue: string | null;
  paid_commission: string | null;
  sale_revenue: string | null;
  unlinked: boolean;
  previous_sale_at: string | null;
  credit_at: string | null;
  /** The product category of the credited part (money lines' `extra.category`), or null. */
  category: string | null;
  /**
   * With margin: credit — the agent's credited margin (the entry's margin × the part × the share,
   * negative for refunds; null when no line has a known cost); clawback — the refund's margin.
   */
  margin: string | null;
  /** Clawback with margin: the refunded sale's margin (its lines with a known cost). */
  sale_margin: string | null;
  /** With margin: the entry's sale lines left out for want of a known cost. */
  without_cost: number;
  /**
   * Clawback, reversal: when the approved run that paid the entry capped the agent's commission,
   * that statement's commission after and before the cap (its paid commission is pro rata of them).
   */
  cap_paid: string | null;
  cap_earned: string | null;
}

/**
 * The plan version in force for each employee on the run's first day (`$2`, a date): the employee's
 * own, else the deepest department's of the employee's department path, else the role's. Employees
 * deactivated before the period (`$3`, timestamptz) are left out.
 */
export const PLANS_SQL = `
select e.id as employee_id, pl.id as plan_id, pl.currency, pl.base_salary::text as base_salary, pl.basis,
       pl.target_source, pl.target::text as target, pl.rules, pl.cap::text as cap, pl.new_customer_days
from core_employee e
join core_department d on d.tenant_id = e.tenant_id and d.id = e.department_id
join lateral (
  select pl.* from analytics_pay_plan pl
  where pl.tenant_id = e.tenant_id and pl.valid_from <= $2::date and (pl.valid_to is null or pl.valid_to > $2::date)
    and (pl.employee_id = e.id or pl.department_id = any(d.path) or pl.role = e.role)
  order by (pl.employee_id is not null) desc, array_position(d.path, pl.department_id) desc nulls last
  limit 1
) pl on true
where e.tenant_id = $1 and (e.active or e.deactivated_at >= $3)
order by e.id`;

/** The won-amount targets of the pipeline's sales plans for the run's month (`$2`..`$3` dates), when installed. */
export const SALES_PLAN_TARGETS_SQL = `
select employee_id, currency, target::text as target from pipeline_plan
where tenant_id = $1 and employee_id is not null and metric = 'won_amount' and removed_at is null
  and period_start = $2::date and period_end = $3::date`;
