import { type Migration, tenantIsolationSql } from '@rapport/core/plugin';

/**
 * The agents' pay: plan versions, splits, pay runs with their statements and lines, and the paid-entry
 * ledger.
 *
 * - A pay plan version applies to exactly one employee, department or role from `valid_from`
 *   (inclusive) to `valid_to` (exclusive, null = open); a new version closes the previous one, so
 *   approved statements (which hold their computed lines) are never rewritten by a plan change.
 * - A run per tenant and month (`period_start` unique); statements per agent; lines carry the journal
 *   entry, the plan rule and tier that produced them.
 * - `analytics_pay_ledger` records, when a run is approved, what each entry earned each agent in it:
 *   later refunds and corrections are computed against it (adjustments in the next open run).
 */
export const payMigration: Migration = {
  name: '0002_analytics_pay',
  up: `
create table analytics_pay_plan (
  tenant_id uuid not null,
  id uuid not null,
  name text not null,
  employee_id uuid,
  department_id uuid,
  role text check (role in ('agent', 'manager', 'admin')),
  valid_from date not null,
  valid_to date,
  currency char(3) not null,
  base_salary numeric(20, 4) not null default 0 check (base_salary >= 0),
  basis text not null default 'revenue' check (basis in ('revenue', 'margin')),
  target_source text not null default 'none' check (target_source in ('none', 'plan', 'sales_plan')),
  target numeric(20, 4) check (target > 0),
  rules jsonb not null default '[]',
  cap numeric(20, 4) check (cap >= 0),
  new_customer_days int check (new_customer_days > 0),
  created_at timestamptz not null default now(),
  created_by jsonb not null,
  primary key (tenant_id, id),
  foreign key (tenant_id, employee_id) references core_employee (tenant_id, id),
  foreign key (tenant_id, department_id) references core_department (tenant_id, id),
  check (num_nonnulls(employee_id, department_id, role) = 1),
  check (valid_to is null or valid_to > valid_from),
  check ((target_source = 'plan') = (target is not null))
);
create unique index analytics_pay_plan_key_idx on analytics_pay_plan
  (tenant_id, employee_id, department_id, role, valid_from) nulls not distinct;
${tenantIsolationSql('analytics_pay_plan')}

create table analytics_pay_split (
  tenant_id uuid not null,
  entry_id uuid not null,
  employee_id uuid not null,
  share numeric(7, 4) not null check (share > 0 and share <= 100),
  created_at timestamptz not null default now(),
  created_by jsonb not null,
  primary key (tenant_id, entry_id, employee_id),
  foreign key (tenant_id, entry_id) references core_journal_entry (tenant_id, id),
  foreign key (tenant_id, employee_id) references core_employee (tenant_id, id)
);
${tenantIsolationSql('analytics_pay_split')}

create table analytics_pay_run (
  tenant_id uuid not null,
  id uuid not null,
  period_start date not null,
  period_end date not null,
  status text not null default 'draft' check (status in ('draft', 'approved')),
  version int not null default 1,
  computed_at timestamptz,
  created_at timestamptz not null default now(),
  created_by jsonb not null,
  approved_at timestamptz,
  approved_by jsonb,
  primary key (tenant_id, id),
  unique (tenant_id, period_start),
  check (period_end > period_start)
);
${tenantIsolationSql('analytics_pay_run')}

create table analytics_pay_statement (
  tenant_id uuid not null,
  id uuid not null,
  run_id uuid not null,
  employee_id uuid not null,
  plan_id uuid not null,
  currency char(3) not null,
  base numeric(20, 4) not null,
  revenue numeric(20, 4) not null,
  target numeric(20, 4),
  earned numeric(20, 4) not null,
  commission numeric(20, 4) not null,
  adjustments numeric(20, 4) not null,
  total numeric(20, 4) not null,
  primary key (tenant_id, id),
  unique (tenant_id, run_id, employee_id),
  foreign key (tenant_id, run_id) references analytics_pay_run (tenant_id, id),
  foreign key (tenant_id, employee_id) references core_employee (tenant_id, id),
  foreign key (tenant_id, plan_id) references analytics_pay_plan (tenant_id, id)
);
${tenantIsolationSql('analytics_pay_statement')}

create table analytics_pay_line (
  tenant_id uuid not null,
  id uuid not null,
  statement_id uuid not null,
  position int not null,
  kind text not null check (kind in ('base', 'commission', 'cap', 'clawback', 'adjustment')),
  entry_id uuid,
  sale_id uuid,
  rule int,
  tier int,
  basis numeric(20, 4),
  share numeric(7, 4),
  rate numeric(9, 4),
  amount numeric(20, 4) not null,
  note text not null,
  primary key (tenant_id, id),
  unique (tenant_id, statement_id, position),
  foreign key (tenant_id, statement_id) references analytics_pay_statement (tenant_id, id),
  foreign key (tenant_id, entry_id) references core_journal_entry (tenant_id, id)
);
create index analytics_pay_line_entry_idx on analytics_pay_line (tenant_id, entry_id) where entry_id is not null;
${tenantIsolationSql('analytics_pay_line')}

create table analytics_pay_ledger (
  tenant_id uuid not null,
  entry_id uuid not null,
  run_id uuid not null,
  employee_id uuid not null,
  revenue numeric(20, 4) not null,
  commission numeric(20, 4) not null,
  primary key (tenant_id, entry_id, run_id, employee_id),
  foreign key (tenant_id, entry_id) references core_journal_entry (tenant_id, id),
  foreign key (tenant_id, run_id) references analytics_pay_run (tenant_id, id),
  foreign key (tenant_id, employee_id) references core_employee (tenant_id, id)
);
${tenantIsolationSql('analytics_pay_ledger')}
`,
};
