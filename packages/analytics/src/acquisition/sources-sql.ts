import { liveSql } from '../shared/live.js';
import { moneyText } from '../shared/sql.js';

/** Bound pieces of the acquisition statement. */
export interface SourcesParts {
  from: string;
  to: string;
  /** Predicates over the party `p` (visibility, segment), ANDed. */
  partyWhere: string[];
  /** Predicate over the expense entry `e` (its visibility). */
  costVisible: string;
  /** The source expression over `p` (channel or campaign). */
  sourceSql: string;
}

const reachedSql = (lifecycles: string) =>
  `exists (select 1 from core_party_history h where h.tenant_id = $1 and h.party_id = c.id
     and h.changes->'lifecycle'->>1 in (${lifecycles}))`;

/**
 * Acquisition by source, one statement. The cohort: parties created in `[from, to)` (the actor may
 * see, matching the segment), by source. Per source: `leads` (the cohort), `qualified` (now
 * qualified or customer, or ever moved there in the lifecycle history), `customers` (now customer,
 * ever moved to customer, or with a sale before `to`), the days from creation to the first sale,
 * revenue (sales − refunds before `to`, per currency) and cost (expenses in the period whose
 * category is `acquisition:<source>`, per currency) and CAC = cost / customers (per currency, rounded
 * to cents; null without customers or without costs).
 */
export function sourcesSql(p: SourcesParts): string {
  return `
with cohort as materialized (
  select p.id, ${p.sourceSql} as source, p.created_at, p.lifecycle
  from core_party p
  where p.tenant_id = $1 and p.created_at >= ${p.from} and p.created_at < ${p.to}
    ${p.partyWhere.map((w) => `and ${w}`).join('\n    ')}
),
reached as (
  select c.source, c.created_at,
    c.lifecycle in ('qualified', 'customer') or ${reachedSql(`'qualified', 'customer'`)} as qualified,
    c.lifecycle = 'customer' or ${reachedSql(`'customer'`)} as became_customer,
    (select min(l.occurred_at) from core_journal_party l
       join core_journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
      where l.tenant_id = $1 and l.party_id = c.id and l.role = 'customer' and l.occurred_at < ${p.to}
        and e.type = 'sale' and ${liveSql('e')}) as first_sale_at
  from cohort c
),
counts as (
  select source, count(*)::int as leads, count(*) filter (where qualified or became_customer or first_sale_at is not null)::int as qualified,
    count(*) filter (where became_customer or first_sale_at is not null)::int as customers,
    (avg(extract(epoch from first_sale_at - created_at)) / 86400)::float8 as days_to_first_sale
  from reached group by source
),
revenue as (
  select r.source, jsonb_agg(jsonb_build_object('currency', r.currency, 'amount', ${moneyText('r.amount')}) order by r.currency) as amounts
  from (select c.source, trim(e.currency) as currency, sum(case when e.type = 'sale' then e.amount else -e.amount end) as amount
        from cohort c
        join core_journal_party l on l.tenant_id = $1 and l.party_id = c.id and l.role = 'customer'
        join core_journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
        where e.type in ('sale', 'refund') and e.occurred_at < ${p.to} and ${liveSql('e')}
        group by 1, 2) r
  group by r.source
),
costs as (
  select k.source, jsonb_agg(jsonb_build_object('currency', k.currency, 'amount', ${moneyText('k.amount')}) order by k.currency) as amounts
  from (select substr(e.data->>'category', 13) as source, trim(e.currency) as currency, sum(e.amount) as amount
        from core_journal_entry e
        where e.tenant_id = $1 and e.type = 'expense' and e.data->>'category' like 'acquisition:%'
          and e.occurred_at >= ${p.from} and e.occurred_at < ${p.to} and ${liveSql('e')} and ${p.costVisible}
        group by 1, 2) k
  group by k.source
)
select coalesce(c.source, k.source) as source, coalesce(c.leads, 0) as leads, coalesce(c.qualified, 0) as qualified,
  coalesce(c.customers, 0) as customers, c.days_to_first_sale, coalesce(r.amounts, '[]') as revenue, coalesce(k.amounts, '[]') as cost,
  case when coalesce(c.customers, 0) > 0 then (select jsonb_agg(jsonb_build_object('currency', x->>'currency',
      'amount', round((x->>'amount')::numeric / c.customers, 2)::text)) from jsonb_array_elements(k.amounts) x) end as cac
from counts c
full join costs k on k.source = c.source
left join revenue r on r.source is not distinct from c.source
order by coalesce(c.leads, 0) desc, 1 nulls last`;
}
