import type { Migration } from '../kernel/migrations.js';
import { tenantIsolationSql } from '../kernel/migrations.js';

/**
 * The tenants' own templates (versioned: an edit is a new version, the old ones stay). It keeps its
 * name from when it also created core's messaging tables: databases that ran it keep their ledger;
 * those tables now belong to `@rapport/messaging`, whose first migration takes them over.
 */
export const templatesMigration: Migration = {
  name: '0005_messaging',
  up: `
create table core_template (
  tenant_id uuid not null references core_tenant(id),
  id uuid not null,
  kind text not null,
  name text not null,
  locale text not null,
  version int not null check (version > 0),
  parts jsonb,
  removed boolean not null default false,
  actor jsonb not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, kind, name, locale, version),
  check (removed or parts is not null)
);
${tenantIsolationSql('core_template')}
`,
};

/**
 * A database that ran the first `0005_messaging` has `core_message_template` with a `channel`
 * column: renamed in place (rows, constraints and policy), so no tenant template is lost. A no-op
 * on databases created since.
 */
export const templatesRenameMigration: Migration = {
  name: '0005_templates',
  async up({ sql }) {
    const [old] = await sql<{ found: string | null }>(
      `select to_regclass('core_message_template')::text as found`,
    );
    if (!old?.found) return;
    await sql('alter table core_message_template rename to core_template');
    await sql('alter table core_template rename column channel to kind');
    // Every constraint (keys, checks, PostgreSQL 18's named not-nulls) as a fresh database names it.
    const constraints = await sql<{ conname: string }>(
      `select conname from pg_constraint where conrelid = 'core_template'::regclass and conname like 'core\\_message\\_template\\_%'`,
    );
    for (const { conname } of constraints) {
      const renamed = `core_template${conname.slice('core_message_template'.length)}`.replace(
        '_channel_',
        '_kind_',
      );
      await sql(`alter table core_template rename constraint ${conname} to ${renamed}`);
    }
    await sql(
      'alter policy core_message_template_tenant_isolation on core_template rename to core_template_tenant_isolation',
    );
  },
};
