import { ADDRESS_JOIN } from '../shared/journal-facts.js';
import { liveSql } from '../shared/live.js';
import { moneyText } from '../shared/sql.js';

/** The levels of the map distribution, each the address fields it groups by. */
export const MAP_LEVELS = {
  country: ['country'],
  region: ['country', 'region'],
  city: ['country', 'region', 'city'],
} as const;

/**
 * Distribution on the map, one statement: the parties the actor may see (matching the segment) by
 * their primary (else oldest) address at the level asked, with their count and their net revenue
 * (sales − refunds) in the period per currency. Parties without an address are one group of nulls.
 */
export function mapSql(
  level: keyof typeof MAP_LEVELS,
  partyWhere: string[],
  from: string,
  to: string,
): string {
  const cols = MAP_LEVELS[level];
  const keys = cols.map((c) => `addr.${c}`).join(', ');
  const on = cols.map((c) => `r.${c} is not distinct from g.${c}`).join(' and ');
  return `
with parties as materialized (
  select p.id, ${keys}
  from core_party p
  ${ADDRESS_JOIN}
  where p.tenant_id = $1 ${partyWhere.map((w) => `and ${w}`).join(' ')}
),
groups as (select ${cols.join(', ')}, count(*)::int as count from parties group by ${cols.join(', ')}),
revenue as (
  select ${cols.map((c) => `pa.${c}`).join(', ')}, trim(e.currency) as currency,
    sum(case when e.type = 'sale' then e.amount else -e.amount end) as amount
  from parties pa
  join core_journal_party l on l.tenant_id = $1 and l.party_id = pa.id and l.role = 'customer'
    and l.occurred_at >= ${from} and l.occurred_at < ${to}
  join core_journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
  where e.type in ('sale', 'refund') and ${liveSql('e')}
  group by ${cols.map((c) => `pa.${c}`).join(', ')}, trim(e.currency)
)
select ${cols.map((c) => `g.${c}`).join(', ')}, g.count,
  coalesce((select jsonb_agg(jsonb_build_object('currency', r.currency, 'amount', ${moneyText('r.amount')}) order by r.currency)
    from revenue r where ${on}), '[]') as revenue
from groups g
order by g.count desc, ${cols.map((c) => `g.${c} nulls last`).join(', ')}`;
}
