/**
 * The SQL functions of the funnel rollup (migration 0003), kept beside it so the migration stays
 * what was applied. Every function runs as the caller (row-level security applies).
 *
 * - `pipeline_funnel_deal_facts(tenant, deal ids)` / `pipeline_funnel_pipeline_facts(tenant,
 *   pipeline)`: the facts, computed exactly as the funnel statement (`analytics/funnel-sql.ts`) does
 *   for a cohort, once per entry of a deal into a pipeline. Both are one inlinable SELECT over the
 *   same template, so the scope predicates reach the indexes.
 * - `pipeline_funnel_refresh_deals(tenant, deal ids)`: recomputes those deals' facts (delete +
 *   insert) and applies the difference to both rollups in ONE statement, rollup rows touched in key
 *   order (concurrent refreshes lock rows in the same order: no deadlock, no lost update).
 * - `pipeline_funnel_refresh(tenant, pipeline | null)`: rebuilds the facts and rollups of a pipeline
 *   (or of every pipeline of the tenant) set-based: the install backfill, and after a change of the
 *   stage order or outcomes, which changes what "further along" means.
 */

const FACT_COLUMNS = `deal_id, pipeline_id, entered_at, prev_entered_at, stage_id, currency, amount, entry_row, state,
  base_seconds, ongoing, reached_next, reached_won, closed_after, lost, loss_reasons`;

const FACT_TYPES = `deal_id uuid, pipeline_id uuid, entered_at timestamptz, prev_entered_at timestamptz, stage_id uuid,
  currency text, amount numeric, entry_row boolean, state text, base_seconds numeric, ongoing boolean,
  reached_next boolean, reached_won boolean, closed_after boolean, lost boolean, loss_reasons text[]`;

const KEY = 'pipeline_id, entry_day, prev_day, stage_id, currency';

/** The rollup's additive figures as sums over signed facts `k` (sign +1 in, −1 out). */
const SUMS: ReadonlyArray<[string, string]> = [
  ['deals', 'sum(k.sign * k.entry_row::int)'],
  ['open_deals', "coalesce(sum(k.sign) filter (where k.state = 'open'), 0)"],
  ['won_deals', "coalesce(sum(k.sign) filter (where k.state = 'won'), 0)"],
  ['lost_deals', "coalesce(sum(k.sign) filter (where k.state = 'lost'), 0)"],
  ['moved_out', "coalesce(sum(k.sign) filter (where k.state = 'moved_out'), 0)"],
  ['won_amount', "coalesce(sum(k.sign * k.amount) filter (where k.state = 'won'), 0)"],
  ['entered', 'sum(k.sign)'],
  ['reached_next', 'sum(k.sign * k.reached_next::int)'],
  ['reached_won', 'sum(k.sign * k.reached_won::int)'],
  ['closed_after', 'sum(k.sign * k.closed_after::int)'],
  ['ongoing', 'sum(k.sign * k.ongoing::int)'],
  ['lost', 'sum(k.sign * k.lost::int)'],
  ['amount', 'coalesce(sum(k.sign * k.amount), 0)'],
  ['base_seconds', 'sum(k.sign * k.base_seconds)'],
];

/** Signed facts from `source` (columns of a fact plus `sign`) keyed by the rollup's key. */
function keyed(source: string): string {
  return `select k0.sign, k0.pipeline_id, (k0.entered_at at time zone 'UTC')::date as entry_day,
      coalesce((k0.prev_entered_at at time zone 'UTC')::date, '-infinity'::date) as prev_day,
      k0.stage_id, coalesce(k0.currency, '') as currency, k0.amount, k0.entry_row, k0.state, k0.base_seconds,
      k0.ongoing, k0.reached_next, k0.reached_won, k0.closed_after, k0.lost, k0.loss_reasons
    from (${source}) k0`;
}

/** Adds the signed facts of `keyedSource` to the rollup (`delta`: only rows whose sums change). */
function rollupUpsert(keyedSource: string, delta: boolean): string {
  const names = SUMS.map(([c]) => c).join(', ');
  const sums = SUMS.map(([c, e]) => `${e} as ${c}`).join(',\n    ');
  const changed = SUMS.map(([, e]) => `${e} <> 0`).join(' or ');
  return `insert into pipeline_funnel_rollup as r (tenant_id, ${KEY}, ${names})
  select p_tenant, ${KEY.split(', ')
    .map((c) => `k.${c}`)
    .join(', ')},
    ${sums}
  from (${keyedSource}) k
  group by ${KEY.split(', ')
    .map((c) => `k.${c}`)
    .join(', ')}
  ${delta ? `having ${changed}` : ''}
  order by ${KEY}
  on conflict (tenant_id, ${KEY}) do update set
    ${SUMS.map(([c]) => `${c} = r.${c} + excluded.${c}`).join(',\n    ')}`;
}

/** Adds the signed losses of `keyedSource` to the reason rollup (an erased reason is `''`). */
function reasonUpsert(keyedSource: string): string {
  return `insert into pipeline_funnel_reason_rollup as r (tenant_id, ${KEY}, reason, losses)
  select p_tenant, k.pipeline_id, k.entry_day, k.prev_day, k.stage_id, k.currency, coalesce(x.reason, ''), sum(k.sign)
  from (${keyedSource}) k cross join unnest(k.loss_reasons) as x(reason)
  group by k.pipeline_id, k.entry_day, k.prev_day, k.stage_id, k.currency, coalesce(x.reason, '')
  having sum(k.sign) <> 0
  order by 2, 3, 4, 5, 6, 7
  on conflict (tenant_id, ${KEY}, reason) do update set losses = r.losses + excluded.losses`;
}

/**
 * The facts of the entries `entryScope` selects (a predicate over `sc`), over the stages `stageScope`
 * selects (over `s`). Everything a fact needs is carried through the one aggregate and the one window
 * pass, with no join back to a CTE afterwards: CTE row estimates are poor, and a nested loop over two
 * of them would be quadratic.
 */
function factSelect(entryScope: string, stageScope: string): string {
  return `
with stages as materialized (
  select s.id, s.pipeline_id, s.outcome,
    case when s.outcome = 'won' then 2147483647 when s.outcome = 'open' then s.position end as rank
  from pipeline_stage s where s.tenant_id = p_tenant and ${stageScope}
),
entries as materialized (
  select sc.deal_id, sc.pipeline_id, sc.to_stage_id as entry_stage_id, sc.changed_at as entered_at,
    lag(sc.changed_at) over (partition by sc.deal_id, sc.pipeline_id order by sc.changed_at, sc.id) as prev_entered_at
  from pipeline_stage_change sc
  left join stages fs on fs.id = sc.from_stage_id and fs.pipeline_id = sc.pipeline_id
  where sc.tenant_id = p_tenant and ${entryScope} and fs.id is null
),
changes as (
  select e.deal_id, e.pipeline_id, e.entered_at, e.prev_entered_at, e.entry_stage_id,
    d.stage_id as current_stage_id, d.currency::text as currency, d.amount,
    case when d.pipeline_id <> e.pipeline_id then 'moved_out' else d.status end as state,
    sc.to_stage_id, sc.from_stage_id, sc.changed_at, sc.reason, ts.outcome = 'lost' as to_lost
  from entries e
  join pipeline_deal d on d.tenant_id = p_tenant and d.id = e.deal_id
  join pipeline_stage_change sc on sc.tenant_id = p_tenant and sc.deal_id = e.deal_id and sc.changed_at >= e.entered_at
  left join stages ts on ts.id = sc.to_stage_id and ts.pipeline_id = e.pipeline_id
),
deal_stages as (
  select ch.deal_id, ch.pipeline_id, ch.entered_at, ch.prev_entered_at, ch.entry_stage_id, ch.currency, ch.amount,
    ch.state, x.stage_id, s.rank, s.outcome,
    min(x.at) as first_at, max(x.at) as last_at,
    sum(x.sign * extract(epoch from ch.changed_at)) as base_seconds,
    x.stage_id = ch.current_stage_id as ongoing,
    coalesce(bool_or(x.sign = 1 and ch.to_lost), false) as lost,
    coalesce(array_agg(ch.reason order by ch.changed_at) filter (where x.sign = 1 and ch.to_lost), '{}'::text[]) as loss_reasons
  from changes ch
  cross join lateral (values (ch.to_stage_id, ch.changed_at, -1), (ch.from_stage_id, null::timestamptz, 1)) x(stage_id, at, sign)
  join stages s on s.id = x.stage_id and s.pipeline_id = ch.pipeline_id
  group by ch.deal_id, ch.pipeline_id, ch.entered_at, ch.prev_entered_at, ch.entry_stage_id, ch.currency, ch.amount,
    ch.state, x.stage_id, s.rank, s.outcome, ch.current_stage_id
),
ranked as (
  select ds.*,
    max(ds.last_at) over (partition by ds.deal_id, ds.pipeline_id, ds.entered_at order by ds.rank desc nulls last
      rows between unbounded preceding and 1 preceding) as higher_at,
    max(ds.last_at) filter (where ds.outcome = 'won') over w as won_at,
    max(ds.last_at) filter (where ds.outcome <> 'open') over w as closed_at
  from deal_stages ds
  window w as (partition by ds.deal_id, ds.pipeline_id, ds.entered_at)
)
select r.deal_id, r.pipeline_id, r.entered_at, r.prev_entered_at, r.stage_id, r.currency, r.amount,
  r.stage_id = r.entry_stage_id as entry_row,
  case when r.stage_id = r.entry_stage_id then r.state end as state,
  r.base_seconds, r.ongoing,
  coalesce(r.rank is not null and r.higher_at > r.first_at, false) as reached_next,
  coalesce(r.won_at > r.first_at, false) as reached_won,
  coalesce(r.closed_at > r.first_at, false) as closed_after,
  r.lost, r.loss_reasons
from ranked r`;
}

/** The functions, created by migration 0003 (in dependency order). */
export const funnelFactFunctionsSql = `
create function pipeline_funnel_deal_facts(p_tenant uuid, p_deals uuid[])
returns table (${FACT_TYPES}) language sql stable as $fn$${factSelect('sc.deal_id = any(p_deals)', 'true')}
$fn$;

create function pipeline_funnel_pipeline_facts(p_tenant uuid, p_pipeline uuid)
returns table (${FACT_TYPES}) language sql stable as $fn$${factSelect('sc.pipeline_id = p_pipeline', 's.pipeline_id = p_pipeline')}
$fn$;

create function pipeline_funnel_refresh_deals(p_tenant uuid, p_deals uuid[])
returns void language sql volatile as $fn$
with fresh as materialized (select * from pipeline_funnel_deal_facts(p_tenant, p_deals)),
old as (
  delete from pipeline_funnel_fact f where f.tenant_id = p_tenant and f.deal_id = any(p_deals)
  returning ${FACT_COLUMNS}
),
ins as (
  insert into pipeline_funnel_fact (tenant_id, id, ${FACT_COLUMNS})
  select p_tenant, core_uuidv7(), ${FACT_COLUMNS} from fresh
),
keyed as materialized (${keyed(`select 1 as sign, ${FACT_COLUMNS} from fresh union all select -1, ${FACT_COLUMNS} from old`)}),
reasons as (${reasonUpsert('select * from keyed')})
${rollupUpsert('select * from keyed', true)};
$fn$;

create function pipeline_funnel_refresh(p_tenant uuid, p_pipeline uuid)
returns void language plpgsql volatile as $fn$
declare pid uuid;
begin
  for pid in select id from pipeline_pipeline where tenant_id = p_tenant and (p_pipeline is null or id = p_pipeline) order by id loop
    delete from pipeline_funnel_reason_rollup where tenant_id = p_tenant and pipeline_id = pid;
    delete from pipeline_funnel_rollup where tenant_id = p_tenant and pipeline_id = pid;
    delete from pipeline_funnel_fact where tenant_id = p_tenant and pipeline_id = pid;
    insert into pipeline_funnel_fact (tenant_id, id, ${FACT_COLUMNS})
    select p_tenant, core_uuidv7(), ${FACT_COLUMNS} from pipeline_funnel_pipeline_facts(p_tenant, pid);
    ${rollupUpsert(keyed(`select 1 as sign, ${FACT_COLUMNS} from pipeline_funnel_fact where tenant_id = p_tenant and pipeline_id = pid`), false)};
    ${reasonUpsert(keyed(`select 1 as sign, ${FACT_COLUMNS} from pipeline_funnel_fact where tenant_id = p_tenant and pipeline_id = pid`))};
  end loop;
end
$fn$;
`;
