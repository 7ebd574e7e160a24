import { type Migration, tenantIsolationSql } from '@rapport/core/plugin';

/**
 * Contracts, their lifecycle history, the audit of moves, and the reminders the daily job wrote.
 *
 * - `contracts_contract.notice_on` is stored (end − notice, computed once when the dates are set) so
 *   that the daily job and the "notice deadline" queries read an index, not an expression.
 * - `deal_id` / `quote_id` are plain ids: the pipeline and pricing plugins are optional.
 * - `signed_on` / `ended_on` are the days the contract was signed and stopped binding (expiry,
 *   termination, renewal): "in force on a date" and churn read them.
 * - `contracts_transition` holds one row per lifecycle move (with the journal entry that shows it);
 *   `contracts_history` audits what core's party operations (merge, reassignment, erasure) changed.
 * - `contracts_reminder` is keyed by contract + kind + date: a second run of the daily job finds the
 *   row and writes nothing (idempotence).
 */
export const contractsMigration: Migration = {
  name: '0001_contracts',
  up: `
create table contracts_contract (
  tenant_id uuid not null,
  id uuid not null,
  number text not null,
  subject text not null,
  party_id uuid not null,
  party_role text not null default 'customer' check (party_role in ('customer', 'partner')),
  deal_id uuid,
  quote_id uuid,
  owner_id uuid not null,
  status text not null default 'draft'
    check (status in ('draft', 'in_approval', 'signed', 'active', 'suspended', 'expired', 'terminated', 'renewed')),
  value_kind text not null check (value_kind in ('total', 'recurring')),
  amount numeric(20, 4) not null,
  currency char(3) not null,
  period text check (period in ('month', 'quarter', 'year')),
  start_on date not null,
  end_on date,
  notice_months int check (notice_months > 0),
  notice_days int check (notice_days > 0),
  notice_on date,
  renew_months int check (renew_months > 0),
  max_renewals int check (max_renewals >= 0),
  renewal_count int not null default 0,
  renewed_from_id uuid,
  signed_on date,
  ended_on date,
  document_ids uuid[] not null default '{}',
  notes text,
  custom jsonb not null default '{}',
  status_changed_at timestamptz not null default now(),
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, number),
  foreign key (tenant_id, party_id) references core_party (tenant_id, id),
  foreign key (tenant_id, owner_id) references core_employee (tenant_id, id),
  foreign key (tenant_id, renewed_from_id) references contracts_contract (tenant_id, id),
  check ((value_kind = 'recurring') = (period is not null)),
  check (end_on is null or end_on >= start_on),
  check (notice_months is null or notice_days is null)
);
create index contracts_contract_party_idx on contracts_contract (tenant_id, party_id, start_on);
create index contracts_contract_owner_idx on contracts_contract (tenant_id, owner_id, start_on);
-- Churn: ended contracts by the day they ended.
create index contracts_contract_ended_idx on contracts_contract (tenant_id, ended_on) where ended_on is not null;
create unique index contracts_contract_renewed_from_idx on contracts_contract (tenant_id, renewed_from_id)
  where renewed_from_id is not null;
-- "Expiring within N days" and the daily job: live contracts by end date, and by notice deadline.
create index contracts_contract_end_idx on contracts_contract (tenant_id, end_on, id)
  where status in ('signed', 'active', 'suspended');
create index contracts_contract_notice_idx on contracts_contract (tenant_id, notice_on)
  where status in ('signed', 'active', 'suspended');
${tenantIsolationSql('contracts_contract')}

create table contracts_transition (
  tenant_id uuid not null,
  id uuid not null,
  contract_id uuid not null,
  from_status text,
  to_status text not null,
  at timestamptz not null,
  employee_id uuid,
  actor jsonb not null,
  reason text,
  journal_entry_id uuid,
  primary key (tenant_id, id),
  foreign key (tenant_id, contract_id) references contracts_contract (tenant_id, id),
  foreign key (tenant_id, employee_id) references core_employee (tenant_id, id),
  foreign key (tenant_id, journal_entry_id) references core_journal_entry (tenant_id, id)
);
create index contracts_transition_contract_idx on contracts_transition (tenant_id, contract_id, at, id);
create index contracts_transition_to_idx on contracts_transition (tenant_id, to_status, at);
${tenantIsolationSql('contracts_transition')}

create table contracts_history (
  tenant_id uuid not null,
  id uuid not null,
  contract_id uuid not null,
  at timestamptz not null default now(),
  actor jsonb not null,
  operation text not null,
  changes jsonb not null,
  primary key (tenant_id, id),
  foreign key (tenant_id, contract_id) references contracts_contract (tenant_id, id)
);
create index contracts_history_contract_idx on contracts_history (tenant_id, contract_id, at, id);
${tenantIsolationSql('contracts_history')}

create table contracts_reminder (
  tenant_id uuid not null,
  contract_id uuid not null,
  kind text not null check (kind in ('notice', 'end')),
  remind_on date not null,
  deadline_on date not null,
  journal_entry_id uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, contract_id, kind, remind_on),
  foreign key (tenant_id, contract_id) references contracts_contract (tenant_id, id),
  foreign key (tenant_id, journal_entry_id) references core_journal_entry (tenant_id, id)
);
${tenantIsolationSql('contracts_reminder')}
`,
};
