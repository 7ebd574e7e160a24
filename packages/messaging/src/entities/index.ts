import type { AnyPlugin, TableOf } from '@rapport/core/plugin';
import { AttachmentBlobEntity } from './attachment-blob.js';
import { MailingEntity } from './mailing.js';
import { MailingAttachmentEntity } from './mailing-attachment.js';
import { MessageEntity } from './message.js';
import { MessageAttachmentEntity } from './message-attachment.js';
import { MessageAttemptEntity } from './message-attempt.js';
import { MessageResendEntity } from './message-resend.js';

export {
  AttachmentBlobEntity,
  MailingAttachmentEntity,
  MailingEntity,
  MessageAttachmentEntity,
  MessageAttemptEntity,
  MessageEntity,
  MessageResendEntity,
};

/** Every entity of messaging, registered through the plugin's `entities`. */
export const messagingEntities: NonNullable<AnyPlugin['entities']> = [
  MailingEntity,
  MessageEntity,
  MessageAttemptEntity,
  MessageResendEntity,
  AttachmentBlobEntity,
  MessageAttachmentEntity,
  MailingAttachmentEntity,
];

declare module '@rapport/core/plugin' {
  /** Messaging's tables, added to `tx.db` by declaration merging. */
  interface RapportTables {
    Mailing: TableOf<typeof MailingEntity>;
    Message: TableOf<typeof MessageEntity>;
    MessageAttempt: TableOf<typeof MessageAttemptEntity>;
    MessageResend: TableOf<typeof MessageResendEntity>;
    AttachmentBlob: TableOf<typeof AttachmentBlobEntity>;
    MessageAttachment: TableOf<typeof MessageAttachmentEntity>;
    MailingAttachment: TableOf<typeof MailingAttachmentEntity>;
  }
}
