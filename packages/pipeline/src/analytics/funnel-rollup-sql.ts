import { stageRowsJson } from './funnel-stage-json.js';

/**
 * The funnel read from its rollup (migration 0003), for the whole pipeline: `$1` tenant, `$2`
 * pipeline, `$3` from, `$4` to (both UTC midnights), `$5` the currency when `currency` is set. Returns
 * the same row as {@link funnelSql}, so the service shapes both alike.
 *
 * A period `[from, to)` counts the rollup rows of entries on its days whose previous entry into the
 * pipeline (if any) is before `from`: each deal's first entry in the period, as the per-deal
 * statement takes it. Counts, amounts and losses are sums of rollup rows; the average time in a stage
 * is `(Σ base + ongoing × now) / entered` (a stay still running is measured until now); the median is
 * not additive and is taken, exactly, over the facts of the cohort (an index-only skip scan, stage by stage, of
 * `pipeline_funnel_fact_cohort_idx`).
 */
export function funnelRollupSql(currency: boolean): string {
  const day = (p: string) => `(${p}::timestamptz at time zone 'UTC')::date`;
  const onKey = (a: string) =>
    `${a}.tenant_id = $1 and ${a}.pipeline_id = $2 and ${a}.entry_day >= ${day('$3')} and ${a}.entry_day < ${day('$4')}
    and ${a}.prev_day < ${day('$3')}${currency ? ` and ${a}.currency = $5` : ''}`;
  return `
with stages as materialized (
  select s.id, s.name, s.position, s.outcome, s.archived_at,
    case when s.outcome = 'won' then 2147483647 when s.outcome = 'open' then s.position end as rank
  from pipeline_stage s where s.tenant_id = $1 and s.pipeline_id = $2
),
r as materialized (
  select * from pipeline_funnel_rollup r where ${onKey('r')}
),
per_stage as (
  select r.stage_id, sum(r.entered)::int as entered, sum(r.reached_next)::int as reached_next,
    sum(r.reached_won)::int as reached_won, sum(r.closed_after)::int as closed_after,
    sum(r.ongoing)::int as ongoing, sum(r.lost)::int as lost,
    ((sum(r.base_seconds) + sum(r.ongoing) * extract(epoch from statement_timestamp())) / sum(r.entered))::float8 as avg_seconds
  from r group by r.stage_id having sum(r.entered) > 0
),
medians as (
  select f.stage_id,
    percentile_cont(0.5) within group (order by
      (f.base_seconds + case when f.ongoing then extract(epoch from statement_timestamp()) else 0 end)::float8) as median_seconds
  from pipeline_funnel_fact f
  where f.tenant_id = $1 and f.pipeline_id = $2 and f.entered_at >= $3 and f.entered_at < $4
    and (f.prev_entered_at is null or f.prev_entered_at < $3)${currency ? ' and f.currency = $5' : ''}
  group by f.stage_id
),
stage_amounts as (
  select a.stage_id, jsonb_agg(jsonb_build_object('currency', a.currency, 'amount', a.amount::text) order by a.currency) as amounts
  from (select stage_id, currency, sum(amount) as amount from r where currency <> ''
        group by stage_id, currency having sum(entered) > 0) a
  group by a.stage_id
),
reasons as (
  select x.stage_id, jsonb_agg(jsonb_build_object('reason', x.reason, 'count', x.n) order by x.n desc, x.reason nulls last) as reasons
  from (
    select rr.stage_id, nullif(rr.reason, '') as reason, sum(rr.losses)::int as n,
      row_number() over (partition by rr.stage_id order by sum(rr.losses) desc, nullif(rr.reason, '') nulls last) as rn
    from pipeline_funnel_reason_rollup rr where ${onKey('rr')}
    group by rr.stage_id, rr.reason having sum(rr.losses) > 0
  ) x
  where x.rn <= 5 group by x.stage_id
)
select
  exists (select 1 from pipeline_pipeline p where p.tenant_id = $1 and p.id = $2) as pipeline_found,
  ${stageRowsJson({
    median: 'm.median_seconds',
    lost: 'ps.lost',
    reasons: 'x.reasons',
    joins: `left join medians m on m.stage_id = s.id and ps.stage_id is not null
   left join reasons x on x.stage_id = s.id`,
  })},
  (select jsonb_build_object(
      'deals', coalesce(sum(r.deals), 0)::int, 'open', coalesce(sum(r.open_deals), 0)::int,
      'won', coalesce(sum(r.won_deals), 0)::int, 'lost', coalesce(sum(r.lost_deals), 0)::int,
      'movedOut', coalesce(sum(r.moved_out), 0)::int)
   from r) as totals,
  (select coalesce(jsonb_agg(jsonb_build_object('currency', w.currency, 'amount', w.amount::text) order by w.currency), '[]')
   from (select currency, sum(won_amount) as amount from r where currency <> ''
         group by currency having sum(won_deals) > 0) w) as won_amounts`;
}
