import { entryMarginSql } from '../shared/margin.js';
import { moneyText } from '../shared/sql.js';

/** The bound placeholders the ABC statement needs besides the facts. */
export interface AbcParams {
  /** `from … where …` of the fact rows (sales and refunds of one currency). */
  facts: string;
  /** What customers are ranked by: net revenue, or margin of the sale lines (`@rapport/pricing`). */
  basis: 'revenue' | 'margin';
  a: string;
  b: string;
  top: string;
  /** XYZ thresholds and the period bounds, when asked. */
  xyz: { x: string; y: string; from: string; to: string } | null;
}

/**
 * The CTEs of the ABC (and XYZ) classification, ending in `classed`: one row per customer with a
 * positive net revenue (sales − refunds) in the period, ranked by it (ties by party id), with the
 * cumulative revenue before it. A customer is **A** while the revenue ranked before it is below
 * `a`% of the total (so the customer crossing the line is A), **B** below `b`%, else **C**. XYZ: the
 * coefficient of variation (population standard deviation / mean) of its monthly net revenue over
 * the period's calendar months in the tenant's time zone (months without sales count as 0): **X**
 * up to `x`, **Y** up to `y`, else **Z**. Without XYZ the revenue is summed per customer directly
 * (no monthly grouping).
 */
export function abcCtes(p: AbcParams): string {
  const xyz = p.xyz;
  return `
${factCtes(p)}
${
  xyz
    ? `monthly as (
  select e.party_id, date_trunc('month', e.occurred_at at time zone $2)::date as month,
    sum(e.value) as revenue, count(*) filter (where e.type = 'sale') as orders
  from fact e
  group by 1, 2
),
rev as (
  select party_id, sum(revenue) as revenue, sum(orders)::int as orders from monthly group by party_id
),`
    : `rev as (
  select e.party_id, sum(e.value) as revenue, (count(*) filter (where e.type = 'sale'))::int as orders
  from fact e
  group by 1
),`
}
ranked as (
  select r.party_id, r.revenue, r.orders,
    row_number() over w as rank,
    sum(r.revenue) over w as cum,
    sum(r.revenue) over () as total,
    count(*) over () as n
  from rev r where r.revenue > 0
  window w as (order by r.revenue desc, r.party_id rows between unbounded preceding and current row)
),
${
  xyz
    ? `months as (
  select generate_series(date_trunc('month', ${xyz.from}::timestamptz at time zone $2),
    date_trunc('month', (${xyz.to}::timestamptz - interval '1 microsecond') at time zone $2), interval '1 month')::date as month
),
variation as (
  select r.party_id, (stddev_pop(coalesce(m.revenue, 0)) / nullif(avg(coalesce(m.revenue, 0)), 0))::float8 as cv
  from ranked r cross join months mm
  left join monthly m on m.party_id = r.party_id and m.month = mm.month
  group by r.party_id
),`
    : ''
}
classed as (
  select r.*, (r.cum / r.total)::float8 as cumulative_share,
    case when r.cum - r.revenue < r.total * ${p.a}::numeric / 100 then 'A'
         when r.cum - r.revenue < r.total * ${p.b}::numeric / 100 then 'B' else 'C' end as class,
    ${
      xyz
        ? `v.cv, case when v.cv <= ${xyz.x}::float8 then 'X' when v.cv <= ${xyz.y}::float8 then 'Y' else 'Z' end as xyz`
        : 'null::float8 as cv, null::text as xyz'
    }
  from ranked r ${xyz ? 'left join variation v on v.party_id = r.party_id' : ''}
)`;
}

/**
 * The fact rows as `fact (party_id, occurred_at, type, value)`: the signed amount of each entry, or
 * with a margin basis the signed margin of its sale lines with a known cost (null when none has one:
 * `sum` leaves it out); `entry_margin` then holds each entry's margin and coverage.
 */
function factCtes(p: AbcParams): string {
  if (p.basis === 'revenue')
    return `fact as (
  select l.party_id, e.occurred_at, e.type, case when e.type = 'sale' then e.amount else -e.amount end as value
  ${p.facts}
),`;
  return `fact_entry as (select l.party_id, e.id, e.occurred_at, e.type ${p.facts}),
entry_margin as (
  select x.id, mg.margin, mg.without_cost, mg.lines from (select distinct id from fact_entry) x
  cross join lateral ${entryMarginSql('x.id')} mg
),
fact as (
  select f.party_id, f.occurred_at, f.type, m.margin as value from fact_entry f join entry_margin m on m.id = f.id
),`;
}

/** The margin coverage of `entry_margin`: sale lines without a known cost, entries without sale lines. */
export const MARGIN_COVERAGE = `(select jsonb_build_object('linesWithoutCost', coalesce(sum(without_cost), 0),
      'entriesWithoutLines', count(*) filter (where lines = 0)) from entry_margin) as coverage`;

/** The summary of `classed`: totals, classes, the XYZ matrix and the Pareto check, as one JSON row. */
export const ABC_SUMMARY: string = `
  (select jsonb_build_object('customers', count(*), 'revenue', ${moneyText('coalesce(sum(revenue), 0)')}) from classed) as total,
  (select coalesce(jsonb_agg(jsonb_build_object('class', c.class, 'customers', c.customers, 'revenue', ${moneyText('c.revenue')},
      'customerShare', c.customer_share, 'revenueShare', c.revenue_share) order by c.class), '[]')
   from (select class, count(*) as customers, sum(revenue) as revenue,
           (count(*)::float8 / max(n)) as customer_share, (sum(revenue) / max(total))::float8 as revenue_share
         from classed group by class) c) as classes,
  (select coalesce(jsonb_agg(jsonb_build_object('abc', c.class, 'xyz', c.xyz, 'customers', c.customers, 'revenue', ${moneyText('c.revenue')})
      order by c.class, c.xyz), '[]')
   from (select class, xyz, count(*) as customers, sum(revenue) as revenue from classed where xyz is not null group by 1, 2) c) as matrix`;

/** The Pareto check over `classed`: the top `top`% of customers (rounded up) and their share of revenue. */
export function paretoSql(top: string): string {
  return `(select jsonb_build_object(
      'topCustomers', count(*) filter (where rank <= ceil(n * ${top}::numeric / 100)),
      'topRevenue', ${moneyText(`coalesce(sum(revenue) filter (where rank <= ceil(n * ${top}::numeric / 100)), 0)`)},
      'topRevenueShare', (sum(revenue) filter (where rank <= ceil(n * ${top}::numeric / 100)) / nullif(max(total), 0))::float8)
    from classed) as pareto`;
}

/** A page of members of `classed` (one class, or all by rank), with their names. */
export function membersSql(cls: string, offset: string, limit: string): string {
  return `(select coalesce(jsonb_agg(jsonb_build_object('partyId', m.party_id, 'name', m.name, 'rank', m.rank,
      'class', m.class, 'xyz', m.xyz, 'revenue', ${moneyText('m.revenue')}, 'orders', m.orders,
      'cumulativeShare', m.cumulative_share, 'variation', m.cv) order by m.rank), '[]')
   from (select c.*, px.display_name as name from classed c
         join core_party px on px.tenant_id = $1 and px.id = c.party_id
         where ${cls}::text is null or c.class = ${cls} or c.xyz = ${cls} or c.class || c.xyz = ${cls}
         order by c.rank offset ${offset} limit ${limit}) m) as members,
  (select count(*)::int from classed c where ${cls}::text is null or c.class = ${cls} or c.xyz = ${cls} or c.class || c.xyz = ${cls}) as member_count`;
}
