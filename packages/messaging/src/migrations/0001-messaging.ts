import { type Migration, type SqlRunner, tenantIsolationSql } from '@rapport/core/plugin';

/** Messaging's tables as an older core created them (`0005_messaging`), and their new names. */
const TAKEN_OVER: ReadonlyArray<readonly [string, string]> = [
  ['core_campaign', 'messaging_mailing'],
  ['core_message', 'messaging_message'],
  ['core_message_attempt', 'messaging_message_attempt'],
];

/** A constraint, index or policy name of an old table, as the fresh schema names it. */
const renamed = (name: string, from: string, to: string): string =>
  `${to}${name.slice(from.length)}`.replaceAll('campaign', 'mailing');

const FRESH = `
create table messaging_mailing (
  tenant_id uuid not null references core_tenant(id),
  id uuid not null,
  name text not null,
  channel text not null,
  template text not null,
  locale text,
  data jsonb not null default '{}',
  segment_id uuid,
  filter jsonb not null,
  rate numeric not null check (rate > 0),
  status text not null check (status in ('running', 'completed', 'cancelled')),
  requested_by uuid,
  actor jsonb not null,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, requested_by) references core_employee(tenant_id, id)
);
create index messaging_mailing_created_idx on messaging_mailing (tenant_id, created_at desc);

create table messaging_message (
  tenant_id uuid not null references core_tenant(id),
  id uuid not null,
  channel text not null,
  mailing_id uuid,
  party_id uuid not null,
  contact_point_id uuid,
  address text,
  template text not null,
  locale text,
  data jsonb,
  content jsonb,
  status text not null check (status in
    ('queued', 'sending', 'sent', 'delivered', 'bounced', 'failed', 'skipped', 'unknown')),
  skip_reason text check (skip_reason in ('no_address', 'invalid_address', 'opted_out', 'no_consent', 'cancelled', 'erased')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  claimed_at timestamptz,
  claim_id uuid,
  last_error text,
  provider_id text,
  unsubscribe_secret text,
  unsubscribed_at timestamptz,
  journal_entry_id uuid,
  requested_by uuid,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  finished_at timestamptz,
  erased_at timestamptz,
  primary key (tenant_id, id),
  check ((status = 'skipped') = (skip_reason is not null)),
  foreign key (tenant_id, party_id) references core_party(tenant_id, id),
  foreign key (tenant_id, contact_point_id) references core_contact_point(tenant_id, id),
  foreign key (tenant_id, mailing_id) references messaging_mailing(tenant_id, id),
  foreign key (tenant_id, requested_by) references core_employee(tenant_id, id),
  foreign key (tenant_id, journal_entry_id) references core_journal_entry(tenant_id, id)
);
create index messaging_message_party_idx on messaging_message (tenant_id, party_id, id);
create index messaging_message_contact_point_idx on messaging_message (tenant_id, contact_point_id);
create index messaging_message_due_idx on messaging_message (tenant_id, mailing_id, next_attempt_at, id)
  where status = 'queued';
create index messaging_message_mailing_idx on messaging_message (tenant_id, mailing_id, status);
create index messaging_message_sending_idx on messaging_message (tenant_id, mailing_id, claimed_at)
  where status = 'sending';
create unique index messaging_message_unsubscribe_idx on messaging_message (tenant_id, unsubscribe_secret)
  where unsubscribe_secret is not null;
create table messaging_message_attempt (
  tenant_id uuid not null,
  message_id uuid not null,
  attempt int not null,
  at timestamptz not null default now(),
  outcome text not null check (outcome in ('sent', 'transient', 'permanent', 'unknown')),
  detail text,
  primary key (tenant_id, message_id, attempt),
  foreign key (tenant_id, message_id) references messaging_message(tenant_id, id)
);

${['messaging_mailing', 'messaging_message', 'messaging_message_attempt'].map(tenantIsolationSql).join('\n')}
`;

/**
 * Takes over the tables of a database migrated by a core that still held messaging: renames them,
 * their `campaign_id` column, constraints, indexes and policies in place, so no message is lost.
 */
async function takeOver(sql: SqlRunner): Promise<void> {
  await sql('alter table core_message rename column campaign_id to mailing_id');
  for (const [from, to] of TAKEN_OVER) {
    await sql(`alter table ${from} rename to ${to}`);
    const constraints = await sql<{ conname: string }>(
      `select conname from pg_constraint where conrelid = $1::regclass and conname like $2`,
      [to, `${from}\\_%`],
    );
    for (const { conname } of constraints) {
      await sql(`alter table ${to} rename constraint ${conname} to ${renamed(conname, from, to)}`);
    }
    // Indexes behind constraints were renamed with them; the others now.
    const indexes = await sql<{ indexname: string }>(
      `select indexname from pg_indexes where schemaname = current_schema() and tablename = $1 and indexname like $2`,
      [to, `${from}\\_%`],
    );
    for (const { indexname } of indexes) {
      await sql(`alter index ${indexname} rename to ${renamed(indexname, from, to)}`);
    }
    const policies = await sql<{ policyname: string }>(
      `select policyname from pg_policies where schemaname = current_schema() and tablename = $1 and policyname like $2`,
      [to, `${from}\\_%`],
    );
    for (const { policyname } of policies) {
      await sql(`alter policy ${policyname} on ${to} rename to ${renamed(policyname, from, to)}`);
    }
  }
}

/**
 * Messaging's tables: direct-mail runs (mailings), one row per message with its delivery state, and
 * one row per delivery attempt (the trail of retries). Messages reference parties and contact points
 * by composite keys, so a merge that forgot them fails instead of leaving them dangling. On a
 * database where an older core created them (`core_message`…), they are taken over instead.
 */
export const messagingMigration: Migration = {
  name: '0001_messaging',
  async up({ sql }) {
    const [old] = await sql<{ found: string | null }>(`select to_regclass('core_message')::text as found`);
    if (old?.found) await takeOver(sql);
    else await sql(FRESH);
  },
};
