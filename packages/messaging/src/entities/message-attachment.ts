import { defineEntity, p, tenantRelation } from '@rapport/core/plugin';
import { AttachmentBlobEntity } from './attachment-blob.js';
import { MessageEntity } from './message.js';

/** The `messaging_message_attachment` table: the files of one message, in order. */
export const MessageAttachmentEntity = defineEntity({
  name: 'MessageAttachment',
  tableName: 'messaging_message_attachment',
  properties: {
    tenantId: p.uuid().primary(),
    messageId: p.uuid().fieldName('message_id').persist(false).primary(),
    position: p.integer().primary(),
    sha256: p.text().fieldName('sha256').persist(false),
    filename: p.text(),
    contentType: p.text(),
    size: p.integer(),
    message: () => tenantRelation(MessageEntity, 'message_id'),
    blob: () => tenantRelation(AttachmentBlobEntity, 'sha256'),
  },
  checks: [
    { name: 'messaging_message_attachment_position_check', expression: '(position >= 0)' },
    { name: 'messaging_message_attachment_size_check', expression: '(size >= 0)' },
  ],
  indexes: [
    {
      name: 'messaging_message_attachment_blob_idx',
      expression:
        'CREATE INDEX messaging_message_attachment_blob_idx ON messaging_message_attachment USING btree (tenant_id, sha256)',
    },
  ],
});
