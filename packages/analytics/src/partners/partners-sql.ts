import { liveSql } from '../shared/live.js';
import { moneyText } from '../shared/sql.js';

/** Bound pieces of the partners statement. */
export interface PartnersParts {
  from: string;
  to: string;
  prevFrom: string;
  types: string;
  /** Predicate over a party alias: visible to the actor. */
  visible: (alias: string) => string;
  /** Whether `pipeline_deal` exists (the pipeline plugin is installed). */
  deals: boolean;
}

/**
 * Partners compared, one statement. Partners: parties holding the `partner` role now. Their
 * customers: parties whose source referrer is the partner, or related to it by an active relationship
 * of the given types from the partner (`referred` by default). Per partner: customers, net revenue of
 * those customers (sales − refunds) in the period and in the previous period of the same length per
 * currency with the growth, activities (live journal entries linked to the partner itself in the
 * period), and, with the pipeline, deals of those customers created in the period and won in it.
 */
export function partnersSql(p: PartnersParts): string {
  return `
with partners as materialized (
  select px.id, px.display_name as name from core_party px
  where px.tenant_id = $1 and ${p.visible('px')}
    and exists (select 1 from core_party_role r where r.tenant_id = $1 and r.party_id = px.id and r.role = 'partner' and r.valid_to is null)
),
served as materialized (
  select distinct pa.id as partner_id, c.id as customer_id
  from partners pa
  join lateral (
    select cp.id from core_party cp where cp.tenant_id = $1 and cp.source_referrer_id = pa.id
    union
    select rl.to_party_id from core_relationship rl where rl.tenant_id = $1 and rl.from_party_id = pa.id
      and rl.type = any(${p.types}::text[]) and rl.ended_at is null
  ) c(id) on true
  join core_party cp on cp.tenant_id = $1 and cp.id = c.id
  where ${p.visible('cp')}
),
money as (
  select s.partner_id, trim(e.currency) as currency,
    sum(case when e.type = 'sale' then e.amount else -e.amount end) filter (where e.occurred_at >= ${p.from}) as current,
    sum(case when e.type = 'sale' then e.amount else -e.amount end) filter (where e.occurred_at < ${p.from}) as previous
  from served s
  join core_journal_party l on l.tenant_id = $1 and l.party_id = s.customer_id and l.role = 'customer'
    and l.occurred_at >= ${p.prevFrom} and l.occurred_at < ${p.to}
  join core_journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
  where e.type in ('sale', 'refund') and ${liveSql('e')}
  group by 1, 2
),
revenue as (
  select partner_id, jsonb_agg(jsonb_build_object('currency', currency,
      'amount', ${moneyText('coalesce(current, 0)')}, 'previous', ${moneyText('coalesce(previous, 0)')},
      'growth', case when previous > 0 then ((coalesce(current, 0) - previous) / previous)::float8 end) order by currency) as amounts
  from money group by partner_id
),
activity as (
  select l.party_id as partner_id, count(*)::int as n
  from partners pa
  join core_journal_party l on l.tenant_id = $1 and l.party_id = pa.id and l.occurred_at >= ${p.from} and l.occurred_at < ${p.to}
  join core_journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
  where ${liveSql('e')}
  group by 1
)${
    p.deals
      ? `,
deals as (
  select s.partner_id, count(*) filter (where d.created_at >= ${p.from} and d.created_at < ${p.to})::int as created,
    count(*) filter (where d.status = 'won' and d.closed_at >= ${p.from} and d.closed_at < ${p.to})::int as won
  from served s join pipeline_deal d on d.tenant_id = $1 and d.customer_id = s.customer_id
  group by 1
)`
      : ''
  }
select pa.id as "partnerId", pa.name,
  (select count(*)::int from served s where s.partner_id = pa.id) as customers,
  coalesce(r.amounts, '[]') as revenue,
  coalesce(a.n, 0) as activities,
  ${p.deals ? `jsonb_build_object('created', coalesce(d.created, 0), 'won', coalesce(d.won, 0))` : 'null::jsonb'} as deals
from partners pa
left join revenue r on r.partner_id = pa.id
left join activity a on a.partner_id = pa.id
${p.deals ? 'left join deals d on d.partner_id = pa.id' : ''}
order by customers desc, pa.name, pa.id`;
}
