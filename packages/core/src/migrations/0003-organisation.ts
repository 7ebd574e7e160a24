import type { Migration } from '../kernel/migrations.js';
import { tenantIsolationSql } from '../kernel/migrations.js';

const tables = [
  'core_department',
  'core_employee',
  'core_party_share',
  'core_reassignment',
  'core_reassignment_item',
  'core_erasure',
];

/**
 * Organisation and ownership: departments as a tree (each row carries the ids of its ancestors, so a
 * subtree is one indexed `path @> array[id]`), employees who are deactivated but never deleted (the
 * foreign key from `core_party.owner_id` forbids it), shares, reassignments and erasures.
 */
export const organisationMigration: Migration = {
  name: '0003_organisation',
  up: `
-- UUIDv7 in SQL (PostgreSQL 18 has uuidv7(); older servers do not), for rows written set-based.
create or replace function core_uuidv7() returns uuid language sql volatile as $$
  select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
    placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6),
    52, 1), 53, 1), 'hex')::uuid
$$;

create table core_department (
  tenant_id uuid not null references core_tenant(id),
  id uuid not null,
  name text not null,
  parent_id uuid,
  path uuid[] not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, parent_id) references core_department(tenant_id, id)
);
create unique index core_department_name_idx on core_department
  (tenant_id, coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name));
create index core_department_path_idx on core_department using gin (path);

create table core_employee (
  tenant_id uuid not null references core_tenant(id),
  id uuid not null,
  name text not null,
  email text,
  department_id uuid not null,
  role text not null check (role in ('agent', 'manager', 'admin')),
  active boolean not null default true,
  deactivated_at timestamptz,
  heir_id uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, department_id) references core_department(tenant_id, id),
  foreign key (tenant_id, heir_id) references core_employee(tenant_id, id)
);
create unique index core_employee_email_idx on core_employee (tenant_id, lower(email)) where email is not null;
create index core_employee_department_idx on core_employee (tenant_id, department_id);

alter table core_party add foreign key (tenant_id, owner_id) references core_employee(tenant_id, id);
alter table core_party add foreign key (tenant_id, team_id) references core_department(tenant_id, id);
alter table core_party add column erased_at timestamptz;

create table core_party_share (
  tenant_id uuid not null,
  id uuid not null,
  party_id uuid not null,
  employee_id uuid,
  department_id uuid,
  granted_by jsonb not null,
  granted_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, party_id) references core_party(tenant_id, id),
  foreign key (tenant_id, employee_id) references core_employee(tenant_id, id),
  foreign key (tenant_id, department_id) references core_department(tenant_id, id),
  check (num_nonnulls(employee_id, department_id) = 1)
);
create unique index core_party_share_unique_idx on core_party_share (tenant_id, party_id, coalesce(employee_id, department_id));
create index core_party_share_employee_idx on core_party_share (tenant_id, employee_id, party_id) where employee_id is not null;
create index core_party_share_department_idx on core_party_share (tenant_id, department_id, party_id) where department_id is not null;

create table core_reassignment (
  tenant_id uuid not null,
  id uuid not null,
  from_employee_id uuid,
  to_employee_id uuid,
  reason text not null,
  filter jsonb,
  moved jsonb not null default '{}',
  actor jsonb not null,
  at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, from_employee_id) references core_employee(tenant_id, id),
  foreign key (tenant_id, to_employee_id) references core_employee(tenant_id, id)
);
create index core_reassignment_from_idx on core_reassignment (tenant_id, from_employee_id, at);

create table core_reassignment_item (
  tenant_id uuid not null,
  reassignment_id uuid not null,
  party_id uuid not null,
  primary key (tenant_id, reassignment_id, party_id),
  foreign key (tenant_id, reassignment_id) references core_reassignment(tenant_id, id),
  foreign key (tenant_id, party_id) references core_party(tenant_id, id)
);
create index core_reassignment_item_party_idx on core_reassignment_item (tenant_id, party_id);

create table core_erasure (
  tenant_id uuid not null,
  id uuid not null,
  party_id uuid not null,
  reason text not null,
  actor jsonb not null,
  at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, party_id) references core_party(tenant_id, id)
);

${tables.map(tenantIsolationSql).join('\n')}
`,
};
