/**
 * The funnel's one statement. `$1` tenant, `$2` pipeline, `$3` from, `$4` to; filters bind further
 * parameters through the caller's binder and arrive here as SQL fragments over the deal alias `d`.
 *
 * Shape of the computation (see docs/pipeline-analytics.md):
 * 1. `entries`: the cohort, each deal's first entry into the pipeline within `[from, to)` — created in
 *    it (`from_stage_id is null`) or moved in from another pipeline's stage;
 * 2. `visits`: every stage change of those deals from that entry on (any pipeline, so a deal that
 *    moved out ends its last stay here), with one window pass: when the stay ended, the furthest
 *    stage rank and whether a won / closed stage followed;
 * 3. `deal_stages`: one row per deal and stage of this pipeline (re-entries folded together);
 * 4. per-stage aggregates, amounts per currency, losses by the stage they came from, top reasons;
 *    the result is one row of JSON, stage rows in pipeline order with archived stages last.
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
  select d.id, d.amount, d.currency, d.status, d.pipeline_id, e.entered_at
  from entries e join pipeline_deal d on d.tenant_id = $1 and d.id = e.deal_id
  where ${where}
),
visits as (
  select c.id as deal_id, c.amount, c.currency, sc.to_stage_id as stage_id, sc.from_stage_id, sc.reason,
    sc.changed_at, s.rank, s.outcome,
    lead(sc.changed_at) over w as left_at,
    max(s.rank) over (w rows between 1 following and unbounded following) as later_rank,
    bool_or(s.outcome = 'won') over (w rows between 1 following and unbounded following) as later_won,
    bool_or(s.outcome <> 'open') over (w rows between 1 following and unbounded following) as later_closed
  from cohort c
  join pipeline_stage_change sc on sc.tenant_id = $1 and sc.deal_id = c.id and sc.changed_at >= c.entered_at
  left join stages s on s.id = sc.to_stage_id
  window w as (partition by c.id order by sc.changed_at, sc.id)
),
deal_stages as (
  select v.deal_id, v.stage_id, v.amount, v.currency,
    sum(extract(epoch from coalesce(v.left_at, statement_timestamp()) - v.changed_at)) as seconds,
    bool_or(v.left_at is null) as ongoing,
    coalesce(bool_or(v.later_rank > v.rank), false) as reached_next,
    coalesce(bool_or(v.later_won), false) as reached_won,
    coalesce(bool_or(v.later_closed), false) as closed_after
  from visits v where v.outcome is not null
  group by v.deal_id, v.stage_id, v.amount, v.currency
),
per_stage as (
  select ds.stage_id, count(*)::int as entered,
    count(*) filter (where ds.reached_next)::int as reached_next,
    count(*) filter (where ds.reached_won)::int as reached_won,
    count(*) filter (where ds.closed_after)::int as closed_after,
    count(*) filter (where ds.ongoing)::int as ongoing,
    avg(ds.seconds)::float8 as avg_seconds,
    percentile_cont(0.5) within group (order by ds.seconds)::float8 as median_seconds
  from deal_stages ds group by ds.stage_id
),
stage_amounts as (
  select a.stage_id, jsonb_agg(jsonb_build_object('currency', a.currency, 'amount', a.amount::text) order by a.currency) as amounts
  from (select stage_id, currency, sum(amount) as amount from deal_stages where currency is not null group by 1, 2) a
  group by a.stage_id
),
losses as (
  select v.from_stage_id as stage_id, v.deal_id, v.reason from visits v
  where v.outcome = 'lost' and v.from_stage_id is not null
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
  (select jsonb_agg(jsonb_build_object(
      'stageId', s.id, 'name', s.name, 'position', s.position, 'outcome', s.outcome,
      'archived', s.archived_at is not null, 'rank', s.rank,
      'entered', coalesce(ps.entered, 0), 'reachedNext', coalesce(ps.reached_next, 0),
      'reachedWon', coalesce(ps.reached_won, 0), 'closedAfter', coalesce(ps.closed_after, 0),
      'ongoing', coalesce(ps.ongoing, 0), 'avgSeconds', ps.avg_seconds, 'medianSeconds', ps.median_seconds,
      'amounts', coalesce(sa.amounts, '[]'), 'lost', coalesce(l.lost, 0), 'lossReasons', coalesce(r.reasons, '[]'))
    order by s.archived_at is not null, s.position, s.archived_at, s.name)
   from stages s
   left join per_stage ps on ps.stage_id = s.id
   left join stage_amounts sa on sa.stage_id = s.id
   left join lost l on l.stage_id = s.id
   left join reasons r on r.stage_id = s.id
   where s.archived_at is null or ps.entered is not null) as stages,
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
