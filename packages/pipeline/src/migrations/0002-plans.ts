import { type Migration, tenantIsolationSql } from '@rapport/core/plugin';

/**
 * Sales plans, their history, and the index the forecasts read open deals through.
 *
 * - A plan is a target of one metric for one employee or one department (exactly one) over a period
 *   of calendar days `[period_start, period_end)`: start inclusive, end exclusive, so consecutive
 *   months chain without overlap (`2025-01-01 → 2025-02-01`).
 * - Plans are never updated in place without a trace: every creation, change of target and removal
 *   is a row of `pipeline_plan_history` (old and new target, who, when), and removal is soft
 *   (`removed_at`), so a removed plan's history and its id in reports stay.
 * - The unique index refuses the same target twice (same assignee, metric, period, pipeline,
 *   currency and activity types) among the plans not removed; `activity_types` is stored sorted.
 * - A covering index: forecasts read the open deals without touching the table's wide rows (the
 *   stage history's covering indexes, for the funnel, are in 0001).
 */
export const plansMigration: Migration = {
  name: '0002_pipeline_plans',
  up: `
create table pipeline_plan (
  tenant_id uuid not null,
  id uuid not null,
  employee_id uuid,
  department_id uuid,
  period_start date not null,
  period_end date not null,
  metric text not null check (metric in ('won_amount', 'won_count', 'activity_count')),
  activity_types text[] not null default '{}',
  pipeline_id uuid,
  currency char(3),
  target numeric(20, 4) not null check (target >= 0),
  version int not null default 1,
  created_at timestamptz not null default now(),
  created_by jsonb not null,
  updated_at timestamptz not null default now(),
  removed_at timestamptz,
  removed_by jsonb,
  primary key (tenant_id, id),
  foreign key (tenant_id, employee_id) references core_employee (tenant_id, id),
  foreign key (tenant_id, department_id) references core_department (tenant_id, id),
  foreign key (tenant_id, pipeline_id) references pipeline_pipeline (tenant_id, id),
  check (num_nonnulls(employee_id, department_id) = 1),
  check (period_end > period_start),
  check ((metric = 'won_amount') = (currency is not null)),
  check ((metric = 'activity_count') = (cardinality(activity_types) > 0)),
  check (metric <> 'activity_count' or pipeline_id is null)
);
create unique index pipeline_plan_key_idx on pipeline_plan
  (tenant_id, employee_id, department_id, metric, period_start, period_end, pipeline_id, currency, activity_types)
  nulls not distinct where removed_at is null;
create index pipeline_plan_employee_idx on pipeline_plan (tenant_id, employee_id, period_start) where employee_id is not null;
create index pipeline_plan_department_idx on pipeline_plan (tenant_id, department_id, period_start) where department_id is not null;
${tenantIsolationSql('pipeline_plan')}

create table pipeline_plan_history (
  tenant_id uuid not null,
  id uuid not null,
  plan_id uuid not null,
  version int not null,
  operation text not null check (operation in ('create', 'update', 'remove')),
  old_target numeric(20, 4),
  new_target numeric(20, 4),
  changed_at timestamptz not null default now(),
  actor jsonb not null,
  primary key (tenant_id, id),
  unique (tenant_id, plan_id, version),
  foreign key (tenant_id, plan_id) references pipeline_plan (tenant_id, id)
);
${tenantIsolationSql('pipeline_plan_history')}

create index pipeline_deal_forecast_idx on pipeline_deal (tenant_id, pipeline_id, expected_close_on)
  include (stage_id, owner_id, amount, currency) where status = 'open';
`,
};
