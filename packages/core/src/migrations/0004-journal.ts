import type { Migration } from '../kernel/migrations.js';
import { tenantIsolationSql } from '../kernel/migrations.js';

/**
 * The activity journal. Entries are append-only: a trigger refuses deletes and every update except
 * the one-time `superseded_by` pointer a correction sets (and the anonymisation of an erasure, which
 * runs with `app.erasure = 'on'`). Parties are linked through `core_journal_party`, which carries the
 * entry's time so a party's timeline is one index range scan.
 */
export const journalMigration: Migration = {
  name: '0004_journal',
  up: `
create table core_journal_entry (
  tenant_id uuid not null references core_tenant(id),
  id uuid not null,
  type text not null,
  occurred_at timestamptz not null,
  recorded_at timestamptz not null default now(),
  actor jsonb not null,
  employee_id uuid,
  direction text check (direction in ('inbound', 'outbound')),
  subject_type text,
  subject_id uuid,
  duration_seconds int check (duration_seconds >= 0),
  outcome text,
  amount numeric(20, 4),
  currency char(3),
  notes text,
  data jsonb not null default '{}',
  external_id text,
  status text check (status in ('planned', 'done', 'cancelled')),
  assignee_id uuid,
  due_at timestamptz,
  corrects_id uuid,
  correction text check (correction in ('amend', 'void')),
  correction_reason text,
  superseded_by uuid,
  search tsvector generated always as (to_tsvector('simple', coalesce(notes, ''))) stored,
  primary key (tenant_id, id),
  foreign key (tenant_id, employee_id) references core_employee(tenant_id, id),
  foreign key (tenant_id, assignee_id) references core_employee(tenant_id, id),
  foreign key (tenant_id, corrects_id) references core_journal_entry(tenant_id, id),
  check ((amount is null) = (currency is null)),
  check ((corrects_id is null) = (correction is null))
);
create unique index core_journal_entry_external_idx on core_journal_entry (tenant_id, external_id) where external_id is not null;
create index core_journal_entry_agenda_idx on core_journal_entry (tenant_id, assignee_id, due_at)
  where status = 'planned' and superseded_by is null;
create index core_journal_entry_subject_idx on core_journal_entry (tenant_id, subject_type, subject_id) where subject_id is not null;
create index core_journal_entry_corrects_idx on core_journal_entry (tenant_id, corrects_id) where corrects_id is not null;
create index core_journal_entry_employee_idx on core_journal_entry (tenant_id, employee_id, occurred_at);
create index core_journal_entry_search_idx on core_journal_entry using gin (search);

create table core_journal_party (
  tenant_id uuid not null,
  party_id uuid not null,
  entry_id uuid not null,
  role text not null default 'customer',
  occurred_at timestamptz not null,
  primary key (tenant_id, party_id, entry_id),
  foreign key (tenant_id, party_id) references core_party(tenant_id, id),
  foreign key (tenant_id, entry_id) references core_journal_entry(tenant_id, id)
);
create index core_journal_party_timeline_idx on core_journal_party (tenant_id, party_id, occurred_at desc, entry_id desc);
create index core_journal_party_entry_idx on core_journal_party (tenant_id, entry_id);

create table core_journal_reminder (
  tenant_id uuid not null,
  entry_id uuid not null,
  due_at timestamptz not null,
  fired_at timestamptz not null default now(),
  primary key (tenant_id, entry_id, due_at),
  foreign key (tenant_id, entry_id) references core_journal_entry(tenant_id, id)
);

create function core_journal_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'the activity journal is append-only: record a correction instead' using errcode = 'P0001';
  end if;
  if current_setting('app.erasure', true) = 'on' then
    return new;
  end if;
  if old.superseded_by is null and new.superseded_by is not null
     and (to_jsonb(new) - 'superseded_by' - 'search') = (to_jsonb(old) - 'superseded_by' - 'search') then
    return new;
  end if;
  raise exception 'the activity journal is append-only: record a correction instead' using errcode = 'P0001';
end $$;
create trigger core_journal_entry_append_only before update or delete on core_journal_entry
  for each row execute function core_journal_append_only();

${['core_journal_entry', 'core_journal_party', 'core_journal_reminder'].map(tenantIsolationSql).join('\n')}
`,
};
