import { defineEntity, p, tenantRelation } from '@rapport/core/plugin';
import { MessageEntity } from './message.js';

/** The `messaging_message_attempt` table. */
export const MessageAttemptEntity = defineEntity({
  name: 'MessageAttempt',
  tableName: 'messaging_message_attempt',
  properties: {
    tenantId: p.uuid().primary(),
    messageId: p.uuid().fieldName('message_id').persist(false).primary(),
    attempt: p.integer().primary(),
    at: p.datetime().defaultRaw('now()'),
    outcome: p.text(),
    detail: p.text().nullable(),
    message: () => tenantRelation(MessageEntity, 'message_id'),
  },
  checks: [
    {
      name: 'messaging_message_attempt_outcome_check',
      expression:
        "(outcome = ANY (ARRAY['sent'::text, 'transient'::text, 'permanent'::text, 'unknown'::text]))",
    },
  ],
});
