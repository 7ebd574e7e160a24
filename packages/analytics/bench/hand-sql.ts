/**
 * The hand-written statements the benchmark runs beside the services: what a developer would write
 * with `pg` for the same answer (live entries, the customer link, the period; an agent's own
 * parties or entries), including the totals the services return.
 */
const LIVE = `e.superseded_by is null and e.correction is distinct from 'void' and e.status is distinct from 'cancelled'`;
const FROM = `from core_journal_entry e
  join core_journal_party l on l.tenant_id = e.tenant_id and l.entry_id = e.id and l.role = 'customer'`;

/** Revenue, orders, AOV per employee and currency with totals; `$4`: an agent id (or null: all). */
export const SALES_BY_AGENT = `
select e.employee_id, e.currency, sum(e.amount) as revenue, count(*) as orders, round(avg(e.amount), 2) as aov
${FROM} join core_party p on p.tenant_id = l.tenant_id and p.id = l.party_id
where e.tenant_id = $1 and e.type = 'sale' and e.occurred_at >= $2 and e.occurred_at < $3 and ${LIVE}
  and ($4::uuid is null or p.owner_id = $4 or e.employee_id = $4)
group by grouping sets ((e.employee_id, e.currency), (e.currency))`;

/** Net revenue per month (tenant time zone `$4`) and country of the primary address. */
export const REVENUE_BY_MONTH_COUNTRY = `
select date_trunc('month', e.occurred_at at time zone $4)::date as month, a.details->>'country' as country, e.currency,
  sum(case e.type when 'sale' then e.amount when 'refund' then -e.amount end) as net
${FROM} join core_contact_point a on a.tenant_id = l.tenant_id and a.party_id = l.party_id and a.kind = 'address' and a.is_primary and a.removed_at is null
where e.tenant_id = $1 and e.type in ('sale', 'refund') and e.occurred_at >= $2 and e.occurred_at < $3 and ${LIVE}
group by grouping sets ((1, 2, 3), (3))`;

/** Activities per employee. */
export const ACTIVITY_BY_AGENT = `
select e.employee_id, count(*) filter (where e.type in ('call_incoming', 'call_outgoing')) as calls,
  sum(e.duration_seconds) as seconds, count(*) filter (where e.type = 'meeting') as meetings,
  count(*) filter (where e.type = 'visit') as visits,
  count(*) filter (where e.type = 'email' and e.direction = 'outbound') as emails,
  count(*) filter (where e.type = 'email' and e.data->>'status' = 'delivered') as delivered
${FROM}
where e.tenant_id = $1 and e.type in ('call_incoming', 'call_outgoing', 'meeting', 'visit', 'email')
  and e.occurred_at >= $2 and e.occurred_at < $3 and ${LIVE}
group by grouping sets ((e.employee_id), ())`;

/** ABC over EUR net revenue with the class sizes; `$4`: an agent id (or null: all). */
export const ABC = `
with rev as (
  select l.party_id, sum(case when e.type = 'sale' then e.amount else -e.amount end) as revenue
  ${FROM} join core_party p on p.tenant_id = l.tenant_id and p.id = l.party_id
  where e.tenant_id = $1 and e.type in ('sale', 'refund') and e.currency = 'EUR' and e.occurred_at >= $2 and e.occurred_at < $3
    and ${LIVE} and ($4::uuid is null or p.owner_id = $4 or e.employee_id = $4)
  group by l.party_id
), ranked as (
  select party_id, revenue, sum(revenue) over (order by revenue desc, party_id) as cum, sum(revenue) over () as total
  from rev where revenue > 0
)
select case when cum - revenue < total * 0.8 then 'A' when cum - revenue < total * 0.95 then 'B' else 'C' end as class,
  count(*), sum(revenue)
from ranked group by 1`;

/** RFM scores and segment counts over EUR. */
export const RFM = `
with c as (
  select l.party_id, max(e.occurred_at) filter (where e.type = 'sale') as last_at, count(*) filter (where e.type = 'sale') as f,
    sum(case when e.type = 'sale' then e.amount else -e.amount end) as m
  ${FROM}
  where e.tenant_id = $1 and e.type in ('sale', 'refund') and e.currency = 'EUR' and e.occurred_at >= $2 and e.occurred_at < $3 and ${LIVE}
  group by l.party_id having count(*) filter (where e.type = 'sale') > 0
), s as (
  select ntile(5) over (order by last_at, party_id) as r, ntile(5) over (order by f, m, party_id) as f,
    ntile(5) over (order by m, f, party_id) as m from c
)
select r, f, count(*) from s group by r, f`;

/** Parties and net revenue per country of the primary address. */
export const MAP = `
with parties as (
  select p.id, a.details->>'country' as country from core_party p
  left join core_contact_point a on a.tenant_id = p.tenant_id and a.party_id = p.id and a.kind = 'address' and a.is_primary and a.removed_at is null
  where p.tenant_id = $1
), rev as materialized (
  select pa.country, e.currency, sum(case when e.type = 'sale' then e.amount else -e.amount end) as amount
  from parties pa join core_journal_party l on l.tenant_id = $1 and l.party_id = pa.id and l.role = 'customer'
    and l.occurred_at >= $2 and l.occurred_at < $3
  join core_journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
  where e.type in ('sale', 'refund') and ${LIVE}
  group by 1, 2
)
select g.country, g.n, (select jsonb_agg(jsonb_build_object('currency', r.currency, 'amount', r.amount)) from rev r where r.country is not distinct from g.country)
from (select country, count(*) as n from parties group by country) g`;
