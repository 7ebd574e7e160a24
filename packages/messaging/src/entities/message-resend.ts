import { type Actor, defineEntity, JournalEntryEntity, p, tenantRelation } from '@rapport/core/plugin';
import { MessageEntity } from './message.js';

/** The `messaging_message_resend` table: who re-queued an `unknown` message, when and why. */
export const MessageResendEntity = defineEntity({
  name: 'MessageResend',
  tableName: 'messaging_message_resend',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    messageId: p.uuid().fieldName('message_id').persist(false),
    at: p.datetime().defaultRaw('now()'),
    actor: p.json<Actor>(),
    reason: p.text(),
    attempts: p.integer(),
    journalEntryId: p.uuid().fieldName('journal_entry_id').persist(false).nullable(),
    message: () => tenantRelation(MessageEntity, 'message_id'),
    journalEntry: () => tenantRelation(JournalEntryEntity, 'journal_entry_id').nullable(),
  },
  indexes: [
    {
      name: 'messaging_message_resend_message_idx',
      expression:
        'CREATE INDEX messaging_message_resend_message_idx ON messaging_message_resend USING btree (tenant_id, message_id, at)',
    },
  ],
});
