import { stageRowsJson } from './funnel-stage-json.js';

/**
 * The funnel's one statement. `$1` tenant, `$2` pipeline, `$3` from, `$4` to; filters bind further
 * parameters through the caller's binder and arrive here as SQL fragments over the deal alias `d`.
 *
 * Shape of the computation (see docs/pipeline-analytics.md):
 * 1. `entries`: the cohort, each deal's first entry into the pipeline within `[from, to)` — created in
 *    it (`from_stage_id is null`) or moved in from another pipeline's stage;
 * 2. `changes`: every stage change of those deals from that entry on (any pipeline, so a deal that
 *    moved out ends its last stay here);
 * 3. `deal_stages`: one row per deal and stage of this pipeline, by one hash aggregate over the
 *    changes counted twice — as an entry into `to_stage_id` and an exit from `from_stage_id` — so the
 *    time in a stage is Σ exits − Σ entries (+ now for the current stage) without ordering the history;
 * 4. `ranked`: one window pass per deal over its stages in rank order: the last time it was in a stage
 *    further along, and its last won / closed time; compared with its first entry into each stage;
 * 5. per-stage aggregates, amounts per currency, losses by the stage they came from, top reasons;
 *    the result is one row of JSON, stage rows in pipeline order with archived stages last.
 *
 * An earlier formulation with `lead()` and following-row frames over the ordered history gave the
 * same figures on the benchmark data (checked stage by stage) and was no faster.
 */
export function funnelSql(filters: readonly string[], checks: readonly string[] = []): string {
  const extra = checks.map((c) => `${c},\n  `).join('');
  const where = filters.length > 0 ? filters.join(' and ') : 'true';
  return `
with stages as materialized (
  select s.id, s.name, s.position, s.outcome, s.archived_at,
    case when s.outcome = 'won' then 2147483647 when s.outcome = 'open' then s.position end as rank
  from pipeline_stage s where s.tenant_id = $1 and s.pipeline_id = $2
),
entries as (
  select sc.deal_id, min(sc.changed_at) as entered_at
  from pipeline_stage_change sc
  where sc.tenant_id = $1 and sc.pipeline_id = $2 and sc.changed_at >= $3 and sc.changed_at < $4
    and (sc.from_stage_id is null or sc.from_stage_id not in (select id from stages))
  group by sc.deal_id
),
cohort as materialized (
  select d.id, d.amount, d.currency, d.status, d.pipeline_id, d.stage_id, e.entered_at
  from entries e join pipeline_deal d on d.tenant_id = $1 and d.id = e.deal_id
  where ${where}
),
changes as (
  select c.id as deal_id, c.amount, c.currency, c.stage_id as current_stage_id, sc.pipeline_id,
    sc.to_stage_id, sc.from_stage_id, sc.changed_at, sc.reason
  from cohort c
  join pipeline_stage_change sc on sc.tenant_id = $1 and sc.deal_id = c.id and sc.changed_at >= c.entered_at
),
deal_stages as (
  select ch.deal_id, x.stage_id, s.rank, s.outcome, ch.amount, ch.currency,
    min(x.entered_at) as first_at, max(x.entered_at) as last_at,
    sum(x.sign * date_part('epoch', ch.changed_at))
      + case when x.stage_id = ch.current_stage_id then date_part('epoch', statement_timestamp()) else 0 end as seconds,
    x.stage_id = ch.current_stage_id as ongoing
  from changes ch
  cross join lateral (values (ch.to_stage_id, ch.changed_at, -1.0::float8), (ch.from_stage_id, null, 1.0::float8)) x(stage_id, entered_at, sign)
  join stages s on s.id = x.stage_id
  group by ch.deal_id, x.stage_id, s.rank, s.outcome, ch.amount, ch.currency, ch.current_stage_id
),
ranked as (
  select ds.stage_id, ds.amount, ds.currency, ds.seconds, ds.ongoing, ds.first_at,
    max(ds.last_at) over (partition by ds.deal_id order by ds.rank desc nulls last
      rows between unbounded preceding and 1 preceding) as higher_at,
    max(ds.last_at) filter (where ds.outcome = 'won') over (partition by ds.deal_id) as won_at,
    max(ds.last_at) filter (where ds.outcome <> 'open') over (partition by ds.deal_id) as closed_at,
    ds.rank
  from deal_stages ds
),
per_stage as (
  select r.stage_id, count(*)::int as entered,
    count(*) filter (where r.rank is not null and r.higher_at > r.first_at)::int as reached_next,
    count(*) filter (where r.won_at > r.first_at)::int as reached_won,
    count(*) filter (where r.closed_at > r.first_at)::int as closed_after,
    count(*) filter (where r.ongoing)::int as ongoing,
    avg(r.seconds) as avg_seconds,
    percentile_cont(0.5) within group (order by r.seconds) as median_seconds
  from ranked r group by r.stage_id
),
stage_amounts as (
  select a.stage_id, jsonb_agg(jsonb_build_object('currency', a.currency, 'amount', a.amount::text) order by a.currency) as amounts
  from (select stage_id, currency, sum(amount) as amount from deal_stages where currency is not null group by 1, 2) a
  group by a.stage_id
),
losses as (
  select ch.from_stage_id as stage_id, ch.deal_id, ch.reason
  from changes ch join stages s on s.id = ch.to_stage_id and s.outcome = 'lost'
  where ch.from_stage_id is not null
),
lost as (
  select stage_id, count(distinct deal_id)::int as lost from losses group by stage_id
),
reasons as (
  select r.stage_id, jsonb_agg(jsonb_build_object('reason', r.reason, 'count', r.n) order by r.n desc, r.reason nulls last) as reasons
  from (
    select stage_id, reason, count(*)::int as n,
      row_number() over (partition by stage_id order by count(*) desc, reason nulls last) as rn
    from losses group by stage_id, reason
  ) r
  where r.rn <= 5 group by r.stage_id
)
select
  ${extra}exists (select 1 from pipeline_pipeline p where p.tenant_id = $1 and p.id = $2) as pipeline_found,
  ${stageRowsJson({
    median: 'ps.median_seconds',
    lost: 'l.lost',
    reasons: 'r.reasons',
    joins: `left join lost l on l.stage_id = s.id
   left join reasons r on r.stage_id = s.id`,
  })},
  (select jsonb_build_object(
      'deals', count(*), 'open', count(*) filter (where c.status = 'open' and c.pipeline_id = $2),
      'won', count(*) filter (where c.status = 'won' and c.pipeline_id = $2),
      'lost', count(*) filter (where c.status = 'lost' and c.pipeline_id = $2),
      'movedOut', count(*) filter (where c.pipeline_id <> $2))
   from cohort c) as totals,
  (select coalesce(jsonb_agg(jsonb_build_object('currency', w.currency, 'amount', w.amount::text) order by w.currency), '[]')
   from (select currency, sum(amount) as amount from cohort
         where status = 'won' and pipeline_id = $2 and currency is not null group by currency) w) as won_amounts`;
}
