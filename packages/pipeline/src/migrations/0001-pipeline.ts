import { type Migration, tenantIsolationSql } from '@rapport/core/plugin';

/**
 * Pipelines, stages, deals and the stage history.
 *
 * - A deal's stage is a composite foreign key `(tenant_id, pipeline_id, stage_id)`, so the database
 *   itself refuses a deal in a stage of another pipeline.
 * - Stages are never deleted once used (history references them): they are archived, which frees
 *   their position.
 * - `pipeline_stage_change` is the fact table of the funnel: one row per stage a deal entered
 *   (`from_stage_id` null when the deal was created), with who, when, why, and the journal entry that
 *   shows it on the customer's timeline.
 * - `pipeline_deal_history` audits every change of a deal's other fields (owner, amount, customer…),
 *   whether made by a person, a merge or a reassignment: field → `[old, new]`.
 */
export const pipelineMigration: Migration = {
  name: '0001_pipeline',
  up: `
create table pipeline_pipeline (
  tenant_id uuid not null references core_tenant(id),
  id uuid not null,
  name text not null,
  currency char(3),
  position int not null default 0,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create unique index pipeline_pipeline_name_idx on pipeline_pipeline (tenant_id, lower(name)) where archived_at is null;
${tenantIsolationSql('pipeline_pipeline')}

create table pipeline_stage (
  tenant_id uuid not null,
  id uuid not null,
  pipeline_id uuid not null,
  name text not null,
  position int,
  probability numeric(5, 4) not null check (probability between 0 and 1),
  outcome text not null default 'open' check (outcome in ('open', 'won', 'lost')),
  rotting_days int check (rotting_days > 0),
  archived_at timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, pipeline_id, id),
  foreign key (tenant_id, pipeline_id) references pipeline_pipeline (tenant_id, id),
  constraint pipeline_stage_position_key unique (tenant_id, pipeline_id, position) deferrable initially deferred,
  check ((archived_at is null) = (position is not null))
);
${tenantIsolationSql('pipeline_stage')}

create table pipeline_deal (
  tenant_id uuid not null,
  id uuid not null,
  pipeline_id uuid not null,
  stage_id uuid not null,
  title text not null,
  customer_id uuid not null,
  owner_id uuid not null,
  team_id uuid,
  amount numeric(20, 4),
  currency char(3),
  expected_close_on date,
  source text,
  status text not null default 'open' check (status in ('open', 'won', 'lost')),
  closed_at timestamptz,
  close_reason text,
  stage_entered_at timestamptz not null,
  last_activity_at timestamptz not null,
  stalled_at timestamptz,
  custom jsonb not null default '{}',
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, pipeline_id, stage_id) references pipeline_stage (tenant_id, pipeline_id, id),
  foreign key (tenant_id, customer_id) references core_party (tenant_id, id),
  foreign key (tenant_id, owner_id) references core_employee (tenant_id, id),
  foreign key (tenant_id, team_id) references core_department (tenant_id, id),
  check ((amount is null) = (currency is null)),
  check ((status = 'open') = (closed_at is null))
);
create index pipeline_deal_customer_idx on pipeline_deal (tenant_id, customer_id);
create index pipeline_deal_owner_open_idx on pipeline_deal (tenant_id, owner_id) where status = 'open';
create index pipeline_deal_stage_open_idx on pipeline_deal (tenant_id, pipeline_id, stage_id) where status = 'open';
create index pipeline_deal_close_open_idx on pipeline_deal (tenant_id, expected_close_on) where status = 'open';
create index pipeline_deal_activity_open_idx on pipeline_deal (tenant_id, last_activity_at) where status = 'open';
${tenantIsolationSql('pipeline_deal')}

create table pipeline_deal_contact (
  tenant_id uuid not null,
  deal_id uuid not null,
  party_id uuid not null,
  role text not null default 'contact_person',
  primary key (tenant_id, deal_id, party_id),
  foreign key (tenant_id, deal_id) references pipeline_deal (tenant_id, id),
  foreign key (tenant_id, party_id) references core_party (tenant_id, id)
);
create index pipeline_deal_contact_party_idx on pipeline_deal_contact (tenant_id, party_id);
${tenantIsolationSql('pipeline_deal_contact')}

create table pipeline_stage_change (
  tenant_id uuid not null,
  id uuid not null,
  deal_id uuid not null,
  pipeline_id uuid not null,
  from_stage_id uuid,
  to_stage_id uuid not null,
  changed_at timestamptz not null,
  employee_id uuid,
  actor jsonb not null,
  reason text,
  journal_entry_id uuid,
  primary key (tenant_id, id),
  foreign key (tenant_id, deal_id) references pipeline_deal (tenant_id, id),
  foreign key (tenant_id, pipeline_id, to_stage_id) references pipeline_stage (tenant_id, pipeline_id, id),
  foreign key (tenant_id, from_stage_id) references pipeline_stage (tenant_id, id),
  foreign key (tenant_id, employee_id) references core_employee (tenant_id, id),
  foreign key (tenant_id, journal_entry_id) references core_journal_entry (tenant_id, id)
);
-- Covering: the funnel reads a cohort's history and the entries of a period from the index alone.
create index pipeline_stage_change_deal_idx on pipeline_stage_change (tenant_id, deal_id, changed_at, id)
  include (pipeline_id, to_stage_id, from_stage_id);
create index pipeline_stage_change_pipeline_idx on pipeline_stage_change (tenant_id, pipeline_id, changed_at)
  include (deal_id, from_stage_id);
${tenantIsolationSql('pipeline_stage_change')}

create table pipeline_deal_history (
  tenant_id uuid not null,
  id uuid not null,
  deal_id uuid not null,
  changed_at timestamptz not null default now(),
  actor jsonb not null,
  operation text not null,
  changes jsonb not null,
  primary key (tenant_id, id),
  foreign key (tenant_id, deal_id) references pipeline_deal (tenant_id, id)
);
create index pipeline_deal_history_deal_idx on pipeline_deal_history (tenant_id, deal_id, changed_at, id);
${tenantIsolationSql('pipeline_deal_history')}
`,
};
