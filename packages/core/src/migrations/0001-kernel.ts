import type { Migration } from '../kernel/migrations.js';

/** Core's first migration: the tenant registry. */
export const kernelMigration: Migration = {
  name: '0001_kernel',
  up: `
create table core_tenant (
  id uuid primary key,
  name text not null,
  created_at timestamptz not null default now()
);`,
};
