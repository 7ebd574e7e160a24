import { type Migration, tenantIsolationSql } from '@rapport/core/plugin';
import { funnelFactFunctionsSql } from './0003-funnel-functions.js';

const KEY = `tenant_id uuid not null,
  pipeline_id uuid not null,
  entry_day date not null,
  prev_day date not null,
  stage_id uuid not null,
  currency text not null`;

/**
 * The funnel's pre-aggregation (see docs/pipeline-analytics.md, "The rollup"):
 *
 * - `pipeline_funnel_fact`: per deal, per entry into a pipeline (created in it, or moved in from
 *   another pipeline's stage) and per stage of that pipeline the deal was in since that entry, the
 *   figures the funnel statement derives for it — recomputed for one deal (delete + insert) in the
 *   transaction of every change that alters them;
 * - `pipeline_funnel_rollup`: the additive sums of those facts by (pipeline, UTC day of the entry,
 *   UTC day of the deal's previous entry into the pipeline, stage, currency), updated by deltas (old
 *   facts out, new facts in) with `insert … on conflict do update set x = x + excluded.x`;
 * - `pipeline_funnel_reason_rollup`: losses from a stage into a lost stage by reason, the same way.
 *
 * `prev_day` is `-infinity` for a first entry: a period `[F, T)` counts an entry when its day is in
 * the period and the deal's previous entry is before `F` (the funnel takes each deal's first entry in
 * the period). `currency` is `''` for deals without an amount; `reason` is `''` for an erased reason
 * (reasons are never empty). The rollups are derived data, rebuilt from the facts: no foreign keys. The functions that compute and apply the facts are created here too,
 * and the facts of existing tenants are backfilled set-based from `pipeline_stage_change`.
 */
export const funnelRollupMigration: Migration = {
  name: '0003_pipeline_funnel_rollup',
  async up({ sql }) {
    await sql(`
create table pipeline_funnel_fact (
  tenant_id uuid not null,
  id uuid not null,
  deal_id uuid not null,
  pipeline_id uuid not null,
  entered_at timestamptz not null,
  prev_entered_at timestamptz,
  stage_id uuid not null,
  currency text,
  amount numeric(20, 4),
  entry_row boolean not null,
  state text check (state in ('open', 'won', 'lost', 'moved_out')),
  base_seconds numeric not null,
  ongoing boolean not null,
  reached_next boolean not null,
  reached_won boolean not null,
  closed_after boolean not null,
  lost boolean not null,
  loss_reasons text[] not null default '{}',
  primary key (tenant_id, id),
  foreign key (tenant_id, pipeline_id, stage_id) references pipeline_stage (tenant_id, pipeline_id, id)
);
create index pipeline_funnel_fact_deal_idx on pipeline_funnel_fact (tenant_id, deal_id);
create index pipeline_funnel_fact_cohort_idx on pipeline_funnel_fact (tenant_id, pipeline_id, stage_id, entered_at)
  include (prev_entered_at, currency, base_seconds, ongoing);
${tenantIsolationSql('pipeline_funnel_fact')}

create table pipeline_funnel_rollup (
  ${KEY},
  deals int not null default 0,
  open_deals int not null default 0,
  won_deals int not null default 0,
  lost_deals int not null default 0,
  moved_out int not null default 0,
  won_amount numeric not null default 0,
  entered int not null default 0,
  reached_next int not null default 0,
  reached_won int not null default 0,
  closed_after int not null default 0,
  ongoing int not null default 0,
  lost int not null default 0,
  amount numeric not null default 0,
  base_seconds numeric not null default 0,
  primary key (tenant_id, pipeline_id, entry_day, prev_day, stage_id, currency)
);
${tenantIsolationSql('pipeline_funnel_rollup')}

create table pipeline_funnel_reason_rollup (
  ${KEY},
  reason text not null,
  losses int not null default 0,
  primary key (tenant_id, pipeline_id, entry_day, prev_day, stage_id, currency, reason)
);
${tenantIsolationSql('pipeline_funnel_reason_rollup')}

${funnelFactFunctionsSql}`);
    // Row-level security hides every row without a tenant: backfill one tenant at a time.
    const tenants = await sql<{ id: string }>('select id from core_tenant order by id');
    for (const { id } of tenants) {
      await sql(`select set_config('app.tenant_id', $1, true)`, [id]);
      await sql('select pipeline_funnel_refresh($1, null)', [id]);
    }
    await sql(`select set_config('app.tenant_id', '', true)`);
  },
};
