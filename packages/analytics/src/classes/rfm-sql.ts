import { moneyText } from '../shared/sql.js';
import { RFM_SEGMENT_SQL } from './rfm-segments.js';

/**
 * The CTEs of RFM scoring, ending in `segmented`: one row per customer with a sale in the period —
 * recency (last sale), frequency (sales), monetary (sales − refunds) — scored 1–5 by `ntile(5)`:
 * recency by last sale (latest = 5), frequency by sales (ties broken by monetary, then party id),
 * monetary by net revenue (ties by frequency, then party id), and named by {@link RFM_SEGMENT_SQL}.
 */
export function rfmCtes(facts: string, to: string): string {
  return `
cust as (
  select l.party_id, max(e.occurred_at) filter (where e.type = 'sale') as last_at,
    count(*) filter (where e.type = 'sale')::int as frequency,
    sum(case when e.type = 'sale' then e.amount else -e.amount end) as monetary
  ${facts}
  group by l.party_id
  having count(*) filter (where e.type = 'sale') > 0
),
scored as (
  select c.*, (extract(epoch from (${to}::timestamptz - c.last_at)) / 86400)::float8 as recency_days,
    ntile(5) over (order by c.last_at, c.party_id) as r,
    ntile(5) over (order by c.frequency, c.monetary, c.party_id) as f,
    ntile(5) over (order by c.monetary, c.frequency, c.party_id) as m,
    count(*) over () as n
  from cust c
),
segmented as (select s.*, ${RFM_SEGMENT_SQL} as segment from scored s)`;
}

/** The summary of `segmented` and a page of members of one segment (or all). */
export function rfmSelect(cls: string, offset: string, limit: string): string {
  return `
  (select count(*)::int from segmented) as customers,
  (select coalesce(jsonb_agg(jsonb_build_object('segment', g.segment, 'customers', g.customers, 'customerShare', g.share,
      'monetary', ${moneyText('g.monetary')}, 'averageRecencyDays', g.recency, 'averageFrequency', g.frequency)
      order by g.customers desc, g.segment), '[]')
   from (select segment, count(*)::int as customers, (count(*)::float8 / max(n)) as share, sum(monetary) as monetary,
           avg(recency_days)::float8 as recency, avg(frequency)::float8 as frequency
         from segmented group by segment) g) as segments,
  (select coalesce(jsonb_agg(jsonb_build_object('r', g.r, 'f', g.f, 'customers', g.n) order by g.r desc, g.f desc), '[]')
   from (select r, f, count(*)::int as n from segmented group by r, f) g) as grid,
  (select coalesce(jsonb_agg(jsonb_build_object('partyId', x.party_id, 'name', x.name, 'segment', x.segment,
      'r', x.r, 'f', x.f, 'm', x.m, 'recencyDays', x.recency_days, 'frequency', x.frequency,
      'monetary', ${moneyText('x.monetary')}, 'lastSaleAt', x.last_at) order by x.r desc, x.f desc, x.m desc, x.party_id), '[]')
   from (select s.*, px.display_name as name from segmented s
         join core_party px on px.tenant_id = $1 and px.id = s.party_id
         where ${cls}::text is null or s.segment = ${cls}
         order by s.r desc, s.f desc, s.m desc, s.party_id offset ${offset} limit ${limit}) x) as members,
  (select count(*)::int from segmented s where ${cls}::text is null or s.segment = ${cls}) as member_count`;
}
