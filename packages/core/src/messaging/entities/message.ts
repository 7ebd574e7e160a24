import { defineEntity, p } from '@mikro-orm/core';
import { JournalEntryEntity } from '../../journal/entities/journal-entry.js';
import { tenantRelation } from '../../kernel/relations.js';
import { EmployeeEntity } from '../../organisation/entities/employee.js';
import { ContactPointEntity } from '../../parties/entities/contact-point.js';
import { PartyEntity } from '../../parties/entities/party.js';
import { TenantEntity } from '../../tenants/entities/tenant.js';
import { CampaignEntity } from './campaign.js';

/** The `core_message` table. */
export const MessageEntity = defineEntity({
  name: 'Message',
  tableName: 'core_message',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    channel: p.text(),
    campaignId: p.uuid().fieldName('campaign_id').persist(false).nullable(),
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
    campaign: () => tenantRelation(CampaignEntity, 'campaign_id').nullable(),
    contactPoint: () => tenantRelation(ContactPointEntity, 'contact_point_id').nullable(),
    tenant: () =>
      p.manyToOne(TenantEntity).joinColumns('tenant_id').updateRule('no action').deleteRule('no action'),
    journalEntry: () => tenantRelation(JournalEntryEntity, 'journal_entry_id').nullable(),
    party: () => tenantRelation(PartyEntity, 'party_id'),
    requester: () => tenantRelation(EmployeeEntity, 'requested_by').nullable(),
  },
  checks: [
    { name: 'core_message_check', expression: "((status = 'skipped'::text) = (skip_reason IS NOT NULL))" },
    {
      name: 'core_message_skip_reason_check',
      expression:
        "(skip_reason = ANY (ARRAY['no_address'::text, 'invalid_address'::text, 'opted_out'::text, 'no_consent'::text, 'cancelled'::text, 'erased'::text]))",
    },
    {
      name: 'core_message_status_check',
      expression:
        "(status = ANY (ARRAY['queued'::text, 'sending'::text, 'sent'::text, 'delivered'::text, 'bounced'::text, 'failed'::text, 'skipped'::text, 'unknown'::text]))",
    },
  ],
  indexes: [
    {
      name: 'core_message_campaign_idx',
      expression:
        'CREATE INDEX core_message_campaign_idx ON core_message USING btree (tenant_id, campaign_id, status)',
    },
    {
      name: 'core_message_contact_point_idx',
      expression:
        'CREATE INDEX core_message_contact_point_idx ON core_message USING btree (tenant_id, contact_point_id)',
    },
    {
      name: 'core_message_due_idx',
      expression:
        "CREATE INDEX core_message_due_idx ON core_message USING btree (tenant_id, campaign_id, next_attempt_at, id) WHERE (status = 'queued'::text)",
    },
    {
      name: 'core_message_party_idx',
      expression: 'CREATE INDEX core_message_party_idx ON core_message USING btree (tenant_id, party_id, id)',
    },
    {
      name: 'core_message_sending_idx',
      expression:
        "CREATE INDEX core_message_sending_idx ON core_message USING btree (tenant_id, campaign_id, claimed_at) WHERE (status = 'sending'::text)",
    },
    {
      name: 'core_message_unsubscribe_idx',
      expression:
        'CREATE UNIQUE INDEX core_message_unsubscribe_idx ON core_message USING btree (tenant_id, unsubscribe_secret) WHERE (unsubscribe_secret IS NOT NULL)',
    },
  ],
});
