import { defineEntity, p, TenantEntity } from '@rapport/core/plugin';

/** The `messaging_attachment_blob` table: an attachment's bytes, once per tenant and SHA-256. */
export const AttachmentBlobEntity = defineEntity({
  name: 'AttachmentBlob',
  tableName: 'messaging_attachment_blob',
  properties: {
    tenantId: p.uuid().primary(),
    sha256: p.text().primary(),
    content: p.blob(),
    size: p.integer(),
    createdAt: p.datetime().defaultRaw('now()'),
    tenant: () =>
      p.manyToOne(TenantEntity).joinColumns('tenant_id').updateRule('no action').deleteRule('no action'),
  },
  checks: [
    { name: 'messaging_attachment_blob_sha256_check', expression: "(sha256 ~ '^[0-9a-f]{64}$'::text)" },
    { name: 'messaging_attachment_blob_size_check', expression: '(size >= 0)' },
  ],
});
