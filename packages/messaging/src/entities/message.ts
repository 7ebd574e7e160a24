import {
  ContactPointEntity,
  defineEntity,
  EmployeeEntity,
  JournalEntryEntity,
  PartyEntity,
  p,
  TenantEntity,
  tenantRelation,
} from '@rapport/core/plugin';
import { MailingEntity } from './mailing.js';

/** The `messaging_message` table. */
export const MessageEntity = defineEntity({
  name: 'Message',
  tableName: 'messaging_message',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    channel: p.text(),
    mailingId: p.uuid().fieldName('mailing_id').persist(false).nullable(),
    partyId: p.uuid().fieldName('party_id').persist(false),
    contactPointId: p.uuid().fieldName('contact_point_id').persist(false).nullable(),
    address: p.text().nullable(),
    template: p.text(),
    locale: p.text().nullable(),
    data: p.json<Record<string, unknown>>().nullable(),
    content: p.json<Record<string, unknown>>().nullable(),
    status: p.text(),
    skipReason: p.text().nullable(),
    attempts: p.integer().defaultRaw('0'),
    nextAttemptAt: p.datetime().defaultRaw('now()'),
    claimedAt: p.datetime().nullable(),
    claimId: p.uuid().nullable(),
    lastError: p.text().nullable(),
    providerId: p.text().nullable(),
    unsubscribeSecret: p.text().nullable(),
    unsubscribedAt: p.datetime().nullable(),
    journalEntryId: p.uuid().fieldName('journal_entry_id').persist(false).nullable(),
    requestedBy: p.uuid().fieldName('requested_by').persist(false).nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    sentAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
    erasedAt: p.datetime().nullable(),
    attachmentCount: p.integer().defaultRaw('0'),
    mailing: () => tenantRelation(MailingEntity, 'mailing_id').nullable(),
    contactPoint: () => tenantRelation(ContactPointEntity, 'contact_point_id').nullable(),
    tenant: () =>
      p.manyToOne(TenantEntity).joinColumns('tenant_id').updateRule('no action').deleteRule('no action'),
    // Checked at commit (migration 0004): finalisation links the entry before it records it.
    journalEntry: () =>
      tenantRelation(JournalEntryEntity, 'journal_entry_id').nullable().deferMode('deferred'),
    party: () => tenantRelation(PartyEntity, 'party_id'),
    requester: () => tenantRelation(EmployeeEntity, 'requested_by').nullable(),
  },
  checks: [
    { name: 'messaging_message_attachment_count_check', expression: '(attachment_count >= 0)' },
    {
      name: 'messaging_message_check',
      expression: "((status = 'skipped'::text) = (skip_reason IS NOT NULL))",
    },
    {
      name: 'messaging_message_skip_reason_check',
      expression:
        "(skip_reason = ANY (ARRAY['no_address'::text, 'invalid_address'::text, 'opted_out'::text, 'no_consent'::text, 'cancelled'::text, 'erased'::text]))",
    },
    {
      name: 'messaging_message_status_check',
      expression:
        "(status = ANY (ARRAY['queued'::text, 'sending'::text, 'sent'::text, 'delivered'::text, 'bounced'::text, 'failed'::text, 'skipped'::text, 'unknown'::text]))",
    },
  ],
  indexes: [
    {
      name: 'messaging_message_mailing_idx',
      expression:
        'CREATE INDEX messaging_message_mailing_idx ON messaging_message USING btree (tenant_id, mailing_id, status)',
    },
    {
      name: 'messaging_message_contact_point_idx',
      expression:
        'CREATE INDEX messaging_message_contact_point_idx ON messaging_message USING btree (tenant_id, contact_point_id)',
    },
    {
      name: 'messaging_message_due_idx',
      expression:
        "CREATE INDEX messaging_message_due_idx ON messaging_message USING btree (tenant_id, mailing_id, next_attempt_at, id) WHERE (status = 'queued'::text)",
    },
    {
      name: 'messaging_message_party_idx',
      expression:
        'CREATE INDEX messaging_message_party_idx ON messaging_message USING btree (tenant_id, party_id, id)',
    },
    {
      name: 'messaging_message_sending_idx',
      expression:
        "CREATE INDEX messaging_message_sending_idx ON messaging_message USING btree (tenant_id, mailing_id, claimed_at) WHERE (status = 'sending'::text)",
    },
    {
      name: 'messaging_message_unsubscribe_idx',
      expression:
        'CREATE UNIQUE INDEX messaging_message_unsubscribe_idx ON messaging_message USING btree (tenant_id, unsubscribe_secret) WHERE (unsubscribe_secret IS NOT NULL)',
    },
  ],
});
