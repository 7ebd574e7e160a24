import { defineEntity, p, tenantRelation } from '@rapport/core/plugin';
import { DocumentVersionEntity } from './version.js';

/** The `documents_content` table: bytes of versions kept by the PostgreSQL storage. */
export const DocumentContentEntity = defineEntity({
  name: 'DocumentContent',
  tableName: 'documents_content',
  properties: {
    tenantId: p.uuid().primary(),
    versionId: p.uuid().fieldName('version_id').persist(false).primary(),
    bytes: p.blob(),
    version: () => tenantRelation(DocumentVersionEntity, 'version_id'),
  },
});
