import { type Migration, tenantIsolationSql } from '@rapport/core/plugin';

/**
 * The plugin's first migration. Keys lead with `tenant_id` so a tenant-sharded PostgreSQL can host
 * the tables; the customer and the author are composite foreign keys, so a note can never point into
 * another tenant, and a merge that forgot the notes would fail instead of leaving them pointing at
 * nothing. The topic is a name the service checks against the tenant's topics.
 */
export const visitNotesMigration: Migration = {
  name: '0001_visit_notes',
  up: `
create table visit_notes_topic (
  tenant_id uuid not null,
  id uuid not null,
  name text not null,
  primary key (tenant_id, id),
  unique (tenant_id, name)
);
${tenantIsolationSql('visit_notes_topic')}

create table visit_notes_note (
  tenant_id uuid not null,
  id uuid not null,
  customer_id uuid not null,
  author_id uuid,
  topic text not null,
  body text not null,
  follow_up boolean not null default false,
  followed_up_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, customer_id) references core_party (tenant_id, id),
  foreign key (tenant_id, author_id) references core_employee (tenant_id, id)
);
create index visit_notes_note_customer on visit_notes_note (tenant_id, customer_id);
create index visit_notes_note_author on visit_notes_note (tenant_id, author_id) where author_id is not null;
${tenantIsolationSql('visit_notes_note')}
`,
};
