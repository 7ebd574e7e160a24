import { type Migration, tenantIsolationSql } from '@rapport/core/plugin';

/**
 * The document register.
 *
 * - `documents_type`: the tenant's document types (key, name, number format, numbering period).
 * - `documents_counter`: one row per type and period holding the last number given. Allocating a
 *   number increments it with `insert … on conflict do update … returning`, which locks the row
 *   until the caller's transaction ends: a rollback gives the number back (no gap), a concurrent
 *   allocation waits (no duplicate).
 * - `documents_document`: the register row (number, type, direction, status, dates, owner, the
 *   main party, an optional subject reference); never deleted. `party_id` is the first party, the
 *   link table holds them all.
 * - `documents_document_party`: every party a document concerns, with its role.
 * - `documents_version`: the content versions, append-only; the document points at the current one.
 * - `documents_content`: the bytes of versions stored in PostgreSQL (the default storage).
 * - `documents_history`: audit of changes to the register row (status, owner, merges).
 */
export const documentsMigration: Migration = {
  name: '0001_documents',
  up: `
create table documents_type (
  tenant_id uuid not null references core_tenant(id),
  id uuid not null,
  key text not null,
  name text not null,
  number_format text,
  period text not null default 'year' check (period in ('year', 'month', 'none')),
  statuses text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, key)
);
${tenantIsolationSql('documents_type')}

create table documents_counter (
  tenant_id uuid not null,
  type_id uuid not null,
  period text not null,
  last_seq int not null check (last_seq > 0),
  primary key (tenant_id, type_id, period),
  foreign key (tenant_id, type_id) references documents_type (tenant_id, id)
);
${tenantIsolationSql('documents_counter')}

create table documents_document (
  tenant_id uuid not null,
  id uuid not null,
  type_id uuid not null,
  number text,
  seq int,
  period text,
  title text not null,
  direction text not null check (direction in ('incoming', 'outgoing', 'internal')),
  status text not null,
  party_id uuid not null,
  subject_kind text,
  subject_id uuid,
  owner_id uuid,
  issued_on date,
  tags text[] not null default '{}',
  custom jsonb not null default '{}',
  current_version_id uuid,
  content_erased boolean not null default false,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, type_id) references documents_type (tenant_id, id),
  foreign key (tenant_id, party_id) references core_party (tenant_id, id),
  foreign key (tenant_id, owner_id) references core_employee (tenant_id, id),
  check ((subject_kind is null) = (subject_id is null))
);
create unique index documents_document_number_idx on documents_document (tenant_id, type_id, number) where number is not null;
create index documents_document_party_idx on documents_document (tenant_id, party_id);
create index documents_document_subject_idx on documents_document (tenant_id, subject_kind, subject_id) where subject_id is not null;
create index documents_document_owner_idx on documents_document (tenant_id, owner_id);
${tenantIsolationSql('documents_document')}

create table documents_document_party (
  tenant_id uuid not null,
  document_id uuid not null,
  party_id uuid not null,
  role text not null default 'customer',
  primary key (tenant_id, document_id, party_id),
  foreign key (tenant_id, document_id) references documents_document (tenant_id, id),
  foreign key (tenant_id, party_id) references core_party (tenant_id, id)
);
create index documents_document_party_party_idx on documents_document_party (tenant_id, party_id, document_id);
${tenantIsolationSql('documents_document_party')}

create table documents_version (
  tenant_id uuid not null,
  id uuid not null,
  document_id uuid not null,
  number int not null check (number > 0),
  filename text not null,
  content_type text not null,
  size int not null check (size >= 0),
  sha256 text not null,
  storage text not null,
  reason text,
  actor jsonb not null,
  employee_id uuid,
  created_at timestamptz not null default now(),
  erased_at timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, document_id, number),
  foreign key (tenant_id, document_id) references documents_document (tenant_id, id),
  foreign key (tenant_id, employee_id) references core_employee (tenant_id, id)
);
${tenantIsolationSql('documents_version')}
alter table documents_document add foreign key (tenant_id, current_version_id) references documents_version (tenant_id, id);

create table documents_content (
  tenant_id uuid not null,
  version_id uuid not null,
  bytes bytea not null,
  primary key (tenant_id, version_id),
  foreign key (tenant_id, version_id) references documents_version (tenant_id, id)
);
${tenantIsolationSql('documents_content')}

create table documents_history (
  tenant_id uuid not null,
  id uuid not null,
  document_id uuid not null,
  at timestamptz not null default now(),
  actor jsonb not null,
  operation text not null,
  changes jsonb not null,
  primary key (tenant_id, id),
  foreign key (tenant_id, document_id) references documents_document (tenant_id, id)
);
create index documents_history_document_idx on documents_history (tenant_id, document_id, at, id);
${tenantIsolationSql('documents_history')}
`,
};
