import { type Migration, tenantIsolationSql } from '@rapport/core/plugin';

/**
 * The plugin's first migration. Unique keys lead with `tenant_id` so a tenant-sharded PostgreSQL can
 * host the tables, and the note's topic is a composite foreign key so it cannot point at another
 * tenant's topic.
 */
export const visitNotesMigration: Migration = {
  name: '0001_visit_notes',
  up: `
create table visit_notes_topic (
  id uuid primary key,
  tenant_id uuid not null,
  name text not null,
  unique (tenant_id, name)
);
${tenantIsolationSql('visit_notes_topic')}

create table visit_notes_note (
  id uuid primary key,
  tenant_id uuid not null,
  customer text not null,
  topic text not null,
  body text not null,
  follow_up boolean not null default false,
  followed_up_at timestamptz,
  created_at timestamptz not null default now(),
  foreign key (tenant_id, topic) references visit_notes_topic (tenant_id, name)
);
create index visit_notes_note_tenant_customer on visit_notes_note (tenant_id, customer);
${tenantIsolationSql('visit_notes_note')}
`,
};
