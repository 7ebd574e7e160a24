import { defineEntity, p, tenantRelation } from '@rapport/core/plugin';
import { AttachmentBlobEntity } from './attachment-blob.js';
import { MailingEntity } from './mailing.js';

/** The `messaging_mailing_attachment` table: the files of a mailing, in order, shared by all its messages. */
export const MailingAttachmentEntity = defineEntity({
  name: 'MailingAttachment',
  tableName: 'messaging_mailing_attachment',
  properties: {
    tenantId: p.uuid().primary(),
    mailingId: p.uuid().fieldName('mailing_id').persist(false).primary(),
    position: p.integer().primary(),
    sha256: p.text().fieldName('sha256').persist(false),
    filename: p.text(),
    contentType: p.text(),
    size: p.integer(),
    mailing: () => tenantRelation(MailingEntity, 'mailing_id'),
    blob: () => tenantRelation(AttachmentBlobEntity, 'sha256'),
  },
  checks: [
    { name: 'messaging_mailing_attachment_position_check', expression: '(position >= 0)' },
    { name: 'messaging_mailing_attachment_size_check', expression: '(size >= 0)' },
  ],
  indexes: [
    {
      name: 'messaging_mailing_attachment_blob_idx',
      expression:
        'CREATE INDEX messaging_mailing_attachment_blob_idx ON messaging_mailing_attachment USING btree (tenant_id, sha256)',
    },
  ],
});
