/**
 * Activity → sales conversion: for each party and group (employee, activity type, or none), its
 * first activity of the given types in the period ("the touch"), and whether a live sale to the
 * party followed within `days` days after it (strictly after, up to and including the last instant).
 * `facts` are the activities' fact rows; `groupSql` the group's value over `e`; `days` bound.
 */
export function conversionSql(facts: string, groupSql: string, days: string): string {
  return `
with touches as (
  select l.party_id, ${groupSql} as g, min(e.occurred_at) as first_at
  ${facts}
  group by 1, 2
),
converted as (
  select t.g, t.first_at,
    (select min(s.occurred_at) from core_journal_party sl
       join core_journal_entry s on s.tenant_id = sl.tenant_id and s.id = sl.entry_id
      where sl.tenant_id = $1 and sl.party_id = t.party_id and sl.role = 'customer'
        and sl.occurred_at > t.first_at and sl.occurred_at <= t.first_at + ${days} * interval '1 day'
        and s.type = 'sale' and s.superseded_by is null and s.correction is distinct from 'void'
        and s.status is distinct from 'cancelled') as sale_at
  from touches t
)
select g as key, count(*)::int as touched, count(sale_at)::int as converted,
  (avg(extract(epoch from sale_at - first_at)) / 86400)::float8 as average_days
from converted group by g order by touched desc, g nulls last`;
}
