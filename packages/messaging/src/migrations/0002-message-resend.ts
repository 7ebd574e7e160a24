import { type Migration, tenantIsolationSql } from '@rapport/core/plugin';

/**
 * The audit trail of re-sends: one row each time someone re-queued a message whose outcome was
 * `unknown` — who (the actor), when, why, how many attempts it had had, and the journal entry that
 * stood for the message then (so its final outcome amends that entry instead of adding one).
 */
export const messageResendMigration: Migration = {
  name: '0002_message_resend',
  async up({ sql }) {
    await sql(`
create table messaging_message_resend (
  tenant_id uuid not null,
  id uuid not null,
  message_id uuid not null,
  at timestamptz not null default now(),
  actor jsonb not null,
  reason text not null,
  attempts int not null,
  journal_entry_id uuid,
  primary key (tenant_id, id),
  foreign key (tenant_id, message_id) references messaging_message(tenant_id, id),
  foreign key (tenant_id, journal_entry_id) references core_journal_entry(tenant_id, id)
);
create index messaging_message_resend_message_idx on messaging_message_resend (tenant_id, message_id, at);
${tenantIsolationSql('messaging_message_resend')}
`);
  },
};
