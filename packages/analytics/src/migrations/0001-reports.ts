import { type Migration, tenantIsolationSql } from '@rapport/core/plugin';

/**
 * Saved reports: a query (measures × dimensions × filters × period) or a named analysis with its
 * input, and the chart it is drawn as, saved by an employee and optionally shared with a department.
 *
 * - `owner_id` null: saved by a system process (administrators only may change it).
 * - `department_id`: shared with everyone in that department or below it (read and re-run; only the
 *   owner, the owner's managers and administrators may change or delete it).
 * - `based_on_id`: the report it was copied from ("varied"), kept when the original is deleted.
 * - Names are unique per owner (a system report's per tenant).
 *
 * Saved classifications: an ABC/XYZ or RFM result saved at a moment (`analytics_classification`),
 * its members with their class (`analytics_class_member`, one row per party), and the core segments
 * made from it (`segment_ids`: class → segment id). Members point at parties: merges combine them,
 * erasures delete them.
 *
 * Migration `0002-pay.ts` is reserved for the agents' pay (`src/pay/`).
 */
export const reportsMigration: Migration = {
  name: '0001_analytics_reports',
  up: `
create table analytics_report (
  tenant_id uuid not null references core_tenant(id),
  id uuid not null,
  name text not null,
  description text,
  analysis text not null,
  definition jsonb not null,
  chart text not null default 'table',
  owner_id uuid,
  department_id uuid,
  based_on_id uuid,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, owner_id) references core_employee (tenant_id, id),
  foreign key (tenant_id, department_id) references core_department (tenant_id, id)
);
create unique index analytics_report_name_idx on analytics_report (tenant_id, owner_id, lower(name)) nulls not distinct;
create index analytics_report_department_idx on analytics_report (tenant_id, department_id) where department_id is not null;
${tenantIsolationSql('analytics_report')}

create table analytics_classification (
  tenant_id uuid not null references core_tenant(id),
  id uuid not null,
  name text not null,
  kind text not null check (kind in ('abc', 'rfm')),
  input jsonb not null,
  summary jsonb not null,
  segment_ids jsonb not null default '{}',
  owner_id uuid,
  computed_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, owner_id) references core_employee (tenant_id, id)
);
create unique index analytics_classification_name_idx on analytics_classification (tenant_id, lower(name));
${tenantIsolationSql('analytics_classification')}

create table analytics_class_member (
  tenant_id uuid not null,
  classification_id uuid not null,
  party_id uuid not null,
  class text not null,
  rank int not null,
  value numeric(20, 4),
  scores jsonb not null default '{}',
  primary key (tenant_id, classification_id, party_id),
  foreign key (tenant_id, classification_id) references analytics_classification (tenant_id, id) on delete cascade,
  foreign key (tenant_id, party_id) references core_party (tenant_id, id)
);
create index analytics_class_member_class_idx on analytics_class_member (tenant_id, classification_id, class, rank);
create index analytics_class_member_party_idx on analytics_class_member (tenant_id, party_id);
${tenantIsolationSql('analytics_class_member')}
`,
};
