import type { Migration } from '../kernel/migrations.js';
import { tenantIsolationSql } from '../kernel/migrations.js';

const tables = [
  'core_party',
  'core_party_role',
  'core_contact_point',
  'core_party_identity',
  'core_consent',
  'core_party_date',
  'core_relationship_type',
  'core_relationship',
  'core_custom_field',
  'core_party_history',
  'core_party_merge',
  'core_party_external_key',
  'core_segment',
];

/**
 * Parties and identity. Every key leads with the tenant (Citus-ready), every reference is a composite
 * foreign key (tenant, id) so a row can never point into another tenant, and every table is behind
 * forced row-level security.
 */
export const partiesMigration: Migration = {
  name: '0002_parties',
  up: `
create extension if not exists pg_trgm;

create table core_party (
  tenant_id uuid not null references core_tenant(id),
  id uuid not null,
  kind text not null check (kind in ('person', 'organization')),
  display_name text not null,
  given_name text,
  family_name text,
  organization_name text,
  legal_name text,
  tax_number text,
  registration_number text,
  locale text,
  lifecycle text check (lifecycle in ('lead', 'qualified', 'customer', 'lost')),
  lost_reason text,
  owner_id uuid,
  team_id uuid,
  source_channel text,
  source_campaign text,
  source_referrer_id uuid,
  city text,
  tags text[] not null default '{}',
  custom jsonb not null default '{}',
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, source_referrer_id) references core_party(tenant_id, id)
);
create index core_party_owner_idx on core_party (tenant_id, owner_id, id);
create index core_party_lifecycle_idx on core_party (tenant_id, lifecycle, id);
create index core_party_name_idx on core_party (tenant_id, lower(display_name), id);
create index core_party_tags_idx on core_party using gin (tags);
create index core_party_custom_idx on core_party using gin (custom jsonb_path_ops);
create index core_party_name_trgm_idx on core_party using gin (display_name gin_trgm_ops) with (fastupdate = off);
create index core_party_city_idx on core_party (tenant_id, city, kind) where city is not null;
create index core_party_referrer_idx on core_party (tenant_id, source_referrer_id) where source_referrer_id is not null;

create table core_party_role (
  tenant_id uuid not null,
  id uuid not null,
  party_id uuid not null,
  role text not null,
  organization_id uuid,
  valid_from timestamptz not null default now(),
  valid_to timestamptz,
  end_reason text,
  primary key (tenant_id, id),
  foreign key (tenant_id, party_id) references core_party(tenant_id, id),
  foreign key (tenant_id, organization_id) references core_party(tenant_id, id)
);
create unique index core_party_role_current_idx on core_party_role
  (tenant_id, party_id, role, coalesce(organization_id, '00000000-0000-0000-0000-000000000000'::uuid))
  where valid_to is null;
create index core_party_role_party_idx on core_party_role (tenant_id, party_id);
create index core_party_role_role_idx on core_party_role (tenant_id, role, party_id) where valid_to is null;
create index core_party_role_org_idx on core_party_role (tenant_id, organization_id) where organization_id is not null;

create table core_contact_point (
  tenant_id uuid not null,
  id uuid not null,
  party_id uuid not null,
  kind text not null check (kind in ('email', 'phone', 'address', 'website', 'messenger')),
  value text not null,
  label text,
  is_primary boolean not null default false,
  details jsonb not null default '{}',
  invalid_at timestamptz,
  invalid_reason text,
  created_at timestamptz not null default now(),
  removed_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, party_id) references core_party(tenant_id, id)
);
create index core_contact_point_party_idx on core_contact_point (tenant_id, party_id);
create index core_contact_point_value_idx on core_contact_point (tenant_id, kind, value) where removed_at is null;
create unique index core_contact_point_primary_idx on core_contact_point (tenant_id, party_id, kind)
  where is_primary and removed_at is null;

create table core_party_identity (
  tenant_id uuid not null,
  kind text not null check (kind in ('email', 'phone', 'tax_number', 'registration_number', 'domain')),
  value text not null,
  party_id uuid not null,
  primary key (tenant_id, kind, value),
  foreign key (tenant_id, party_id) references core_party(tenant_id, id)
);
create index core_party_identity_party_idx on core_party_identity (tenant_id, party_id);

create table core_consent (
  tenant_id uuid not null,
  id uuid not null,
  party_id uuid not null,
  channel text not null,
  contact_point_id uuid,
  status text not null check (status in ('opted_in', 'opted_out')),
  at timestamptz not null default now(),
  source text,
  actor jsonb not null,
  primary key (tenant_id, id),
  foreign key (tenant_id, party_id) references core_party(tenant_id, id),
  foreign key (tenant_id, contact_point_id) references core_contact_point(tenant_id, id)
);
create index core_consent_party_idx on core_consent (tenant_id, party_id, channel, at desc, id desc);

create table core_party_date (
  tenant_id uuid not null,
  id uuid not null,
  party_id uuid not null,
  kind text not null check (kind in ('birthday', 'anniversary', 'custom')),
  label text,
  month smallint not null check (month between 1 and 12),
  day smallint not null check (day between 1 and 31),
  year smallint,
  primary key (tenant_id, id),
  foreign key (tenant_id, party_id) references core_party(tenant_id, id)
);
create index core_party_date_day_idx on core_party_date (tenant_id, month, day);
create index core_party_date_party_idx on core_party_date (tenant_id, party_id);

create table core_relationship_type (
  tenant_id uuid not null,
  key text not null,
  label text not null,
  inverse_label text not null,
  is_symmetric boolean not null default false,
  primary key (tenant_id, key)
);

create table core_relationship (
  tenant_id uuid not null,
  id uuid not null,
  type text not null,
  from_party_id uuid not null,
  to_party_id uuid not null,
  valid_from date,
  valid_to date,
  note text,
  created_at timestamptz not null default now(),
  ended_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, from_party_id) references core_party(tenant_id, id),
  foreign key (tenant_id, to_party_id) references core_party(tenant_id, id),
  check (from_party_id <> to_party_id)
);
create index core_relationship_from_idx on core_relationship (tenant_id, from_party_id, type);
create index core_relationship_to_idx on core_relationship (tenant_id, to_party_id, type);

create table core_custom_field (
  tenant_id uuid not null,
  key text not null,
  type text not null,
  label text not null,
  required boolean not null default false,
  allowed jsonb,
  created_at timestamptz not null default now(),
  primary key (tenant_id, key)
);

create table core_party_history (
  tenant_id uuid not null,
  id uuid not null,
  party_id uuid not null,
  at timestamptz not null default now(),
  actor jsonb not null,
  operation text not null,
  changes jsonb not null default '{}',
  primary key (tenant_id, id),
  foreign key (tenant_id, party_id) references core_party(tenant_id, id)
);
create index core_party_history_party_idx on core_party_history (tenant_id, party_id, id desc);

create table core_party_merge (
  tenant_id uuid not null,
  id uuid not null,
  survivor_id uuid not null,
  merged_id uuid not null,
  merged_snapshot jsonb not null,
  moved jsonb not null,
  reason text,
  actor jsonb not null,
  at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, survivor_id) references core_party(tenant_id, id)
);
create index core_party_merge_survivor_idx on core_party_merge (tenant_id, survivor_id);
create index core_party_merge_merged_idx on core_party_merge (tenant_id, merged_id);

create table core_party_external_key (
  tenant_id uuid not null,
  source text not null,
  key text not null,
  party_id uuid not null,
  primary key (tenant_id, source, key),
  foreign key (tenant_id, party_id) references core_party(tenant_id, id)
);
create index core_party_external_key_party_idx on core_party_external_key (tenant_id, party_id);

create table core_segment (
  tenant_id uuid not null,
  id uuid not null,
  name text not null,
  filter jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, name)
);

${tables.map(tenantIsolationSql).join('\n')}
`,
};
