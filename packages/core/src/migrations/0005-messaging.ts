import type { Migration } from '../kernel/migrations.js';
import { tenantIsolationSql } from '../kernel/migrations.js';

/**
 * Messaging: the tenant's own templates (versioned: an edit is a new version, the old ones stay),
 * direct-mail campaigns, one row per message with its delivery state, and one row per delivery
 * attempt (the trail of retries). Messages reference parties and contact points by composite keys,
 * so a merge that forgot them fails instead of leaving them dangling.
 */
export const messagingMigration: Migration = {
  name: '0005_messaging',
  up: `
create table core_message_template (
  tenant_id uuid not null references core_tenant(id),
  id uuid not null,
  channel text not null,
  name text not null,
  locale text not null,
  version int not null check (version > 0),
  parts jsonb,
  removed boolean not null default false,
  actor jsonb not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, channel, name, locale, version),
  check (removed or parts is not null)
);

create table core_campaign (
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
create index core_campaign_created_idx on core_campaign (tenant_id, created_at desc);

create table core_message (
  tenant_id uuid not null references core_tenant(id),
  id uuid not null,
  channel text not null,
  campaign_id uuid,
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
  foreign key (tenant_id, campaign_id) references core_campaign(tenant_id, id),
  foreign key (tenant_id, requested_by) references core_employee(tenant_id, id),
  foreign key (tenant_id, journal_entry_id) references core_journal_entry(tenant_id, id)
);
create index core_message_party_idx on core_message (tenant_id, party_id, id);
create index core_message_contact_point_idx on core_message (tenant_id, contact_point_id);
create index core_message_due_idx on core_message (tenant_id, campaign_id, next_attempt_at, id)
  where status = 'queued';
create index core_message_campaign_idx on core_message (tenant_id, campaign_id, status);
create index core_message_sending_idx on core_message (tenant_id, campaign_id, claimed_at)
  where status = 'sending';
create unique index core_message_unsubscribe_idx on core_message (tenant_id, unsubscribe_secret)
  where unsubscribe_secret is not null;

create table core_message_attempt (
  tenant_id uuid not null,
  message_id uuid not null,
  attempt int not null,
  at timestamptz not null default now(),
  outcome text not null check (outcome in ('sent', 'transient', 'permanent', 'unknown')),
  detail text,
  primary key (tenant_id, message_id, attempt),
  foreign key (tenant_id, message_id) references core_message(tenant_id, id)
);

${['core_message_template', 'core_campaign', 'core_message', 'core_message_attempt'].map(tenantIsolationSql).join('\n')}
`,
};
