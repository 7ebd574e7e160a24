import type { AnyPlugin, TableOf } from '@rapport/core/plugin';
import { MailingEntity } from './mailing.js';
import { MessageEntity } from './message.js';
import { MessageAttemptEntity } from './message-attempt.js';

export { MailingEntity, MessageAttemptEntity, MessageEntity };

/** Every entity of messaging, registered through the plugin's `entities`. */
export const messagingEntities: NonNullable<AnyPlugin['entities']> = [
  MailingEntity,
  MessageEntity,
  MessageAttemptEntity,
];

declare module '@rapport/core/plugin' {
  /** Messaging's tables, added to `tx.db` by declaration merging. */
  interface RapportTables {
    Mailing: TableOf<typeof MailingEntity>;
    Message: TableOf<typeof MessageEntity>;
    MessageAttempt: TableOf<typeof MessageAttemptEntity>;
  }
}
