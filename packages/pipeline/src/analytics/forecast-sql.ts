/** How a forecast weighs an open deal's amount. */
export type ForecastMethod = 'stage_probability' | 'historical_conversion';
/** The length of a forecast bucket: calendar weeks (ISO, from Monday), months or quarters. */
export type ForecastPeriod = 'week' | 'month' | 'quarter';
/** How forecast rows are grouped: by the deal's owner, the owner's department, or not at all. */
export type ForecastGroupBy = 'owner' | 'department' | 'none';

/** The parts of the forecast statement that vary. */
export interface ForecastSqlOptions {
  method: ForecastMethod;
  groupBy: ForecastGroupBy;
  period: ForecastPeriod;
  /** Predicates over the deal alias `d` (visibility, filters); apply to open and historical deals alike. */
  filters: readonly string[];
  /**
   * Read the historical rates from the funnel rollup (migration 0003) instead of the stage history:
   * only without filters and for a window between UTC midnights (see `rollupServes`).
   */
  rollup?: boolean;
}

/** The historical rates from the funnel rollup: the same counts the funnel's `reachedWon` / `closedAfter` give. */
const ROLLUP_HISTORY = `,
hist as (
  select r.stage_id, sum(r.reached_won)::int as won, sum(r.closed_after)::int as settled
  from pipeline_funnel_rollup r
  where r.tenant_id = $1 and ($2::uuid is null or r.pipeline_id = $2)
    and r.entry_day >= ($5::timestamptz at time zone 'UTC')::date and r.entry_day < ($6::timestamptz at time zone 'UTC')::date
    and r.prev_day < ($5::timestamptz at time zone 'UTC')::date
  group by r.stage_id having sum(r.entered) > 0
)`;

const GROUP_KEY: Record<ForecastGroupBy, string> = {
  owner: 'd.owner_id',
  department: 'ge.department_id',
  none: 'null::uuid',
};

/**
 * The forecast's one statement. `$1` tenant, `$2` pipeline or null (all), `$3` a date in the first
 * bucket, `$4` the number of buckets, `$5`/`$6` the history window `[from, to)` (used by
 * `historical_conversion`). Returns one row: the stage inputs and the aggregated cells
 * (group × bucket × currency) as JSON.
 *
 * Historical conversion of an open stage = the funnel's win rate over the history window: of the deals
 * that entered the pipeline in the window and then entered the stage, those that afterwards reached a
 * won stage, over those that afterwards reached a won or lost stage. Computed per deal with two hash
 * aggregates (the latest won / closed change against the first entry into each stage) instead of a
 * window, which gives the same figures as the funnel.
 */
export function forecastSql(options: ForecastSqlOptions): string {
  const where = options.filters.length > 0 ? options.filters.join(' and ') : 'true';
  const historical = options.method === 'historical_conversion';
  const unit = options.period;
  const history = !historical
    ? ''
    : options.rollup
      ? ROLLUP_HISTORY
      : `,
h_entries as (
  select sc.deal_id, sc.pipeline_id, min(sc.changed_at) as entered_at
  from pipeline_stage_change sc
  where sc.tenant_id = $1 and ($2::uuid is null or sc.pipeline_id = $2) and sc.changed_at >= $5 and sc.changed_at < $6
    and (sc.from_stage_id is null
      or not exists (select 1 from stages f where f.id = sc.from_stage_id and f.pipeline_id = sc.pipeline_id))
  group by sc.deal_id, sc.pipeline_id
),
h_visits as (
  select e.deal_id, e.pipeline_id, sc.to_stage_id, sc.changed_at, s.outcome
  from h_entries e
  ${options.filters.length > 0 ? `join pipeline_deal d on d.tenant_id = $1 and d.id = e.deal_id and ${where}` : ''}
  join pipeline_stage_change sc on sc.tenant_id = $1 and sc.deal_id = e.deal_id and sc.changed_at >= e.entered_at
  join stages s on s.id = sc.to_stage_id and s.pipeline_id = e.pipeline_id
),
h_deals as (
  select deal_id, pipeline_id, max(changed_at) filter (where outcome = 'won') as won_at,
    max(changed_at) filter (where outcome <> 'open') as closed_at
  from h_visits group by deal_id, pipeline_id
),
h_firsts as (
  select deal_id, pipeline_id, to_stage_id, min(changed_at) as first_at
  from h_visits where outcome = 'open' group by deal_id, pipeline_id, to_stage_id
),
hist as (
  select f.to_stage_id as stage_id, count(*) filter (where h.won_at > f.first_at)::int as won,
    count(*) filter (where h.closed_at > f.first_at)::int as settled
  from h_firsts f join h_deals h on h.deal_id = f.deal_id and h.pipeline_id = f.pipeline_id
  group by f.to_stage_id
)`;
  return `
with stages as materialized (
  select s.id, s.pipeline_id, s.name, s.position, s.probability, s.outcome
  from pipeline_stage s where s.tenant_id = $1 and ($2::uuid is null or s.pipeline_id = $2)
)${history},
factors as materialized (
  select s.id, s.pipeline_id, s.name, s.position, s.probability,
    ${historical ? 'h.won, h.settled, coalesce(h.won::numeric / nullif(h.settled, 0), s.probability)' : 'null::int as won, null::int as settled, s.probability'} as factor
  from stages s ${historical ? 'left join hist h on h.stage_id = s.id' : ''}
  where s.outcome = 'open'
),
bounds as (
  select date_trunc('${unit}', $3::date)::date as first_start,
    (date_trunc('${unit}', $3::date) + $4::int * interval '1 ${unit}')::date as last_end
),
cells as (
  select ${GROUP_KEY[options.groupBy]} as grp,
    case when d.expected_close_on is null then 'undated'
         when d.expected_close_on < b.first_start then 'overdue'
         when d.expected_close_on >= b.last_end then 'later'
         else to_char(date_trunc('${unit}', d.expected_close_on), 'YYYY-MM-DD') end as bucket,
    d.currency, count(*)::int as deals, sum(d.amount) as amount, round(sum(d.amount * f.factor), 4) as weighted
  from pipeline_deal d join factors f on f.id = d.stage_id cross join bounds b
  ${options.groupBy === 'department' ? 'join core_employee ge on ge.tenant_id = d.tenant_id and ge.id = d.owner_id' : ''}
  where d.tenant_id = $1 and d.status = 'open' and ($2::uuid is null or d.pipeline_id = $2) and ${where}
  group by 1, 2, 3
)
select
  exists (select 1 from pipeline_pipeline p where p.tenant_id = $1 and p.id = $2) as pipeline_found,
  (select first_start from bounds)::text as first_start,
  (select coalesce(jsonb_agg(jsonb_build_object('stageId', f.id, 'pipelineId', f.pipeline_id, 'name', f.name,
      'position', f.position, 'probability', f.probability::text, 'won', f.won, 'settled', f.settled,
      'factor', f.factor::text) order by f.pipeline_id, f.position nulls last, f.name), '[]') from factors f) as stages,
  (select coalesce(jsonb_agg(jsonb_build_object('group', c.grp, 'bucket', c.bucket, 'currency', c.currency,
      'deals', c.deals, 'amount', c.amount::text, 'weighted', c.weighted::text)), '[]') from cells c) as cells`;
}
