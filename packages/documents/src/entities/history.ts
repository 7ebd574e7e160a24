import { type Actor, defineEntity, p, tenantRelation } from '@rapport/core/plugin';
import { DocumentEntity } from './document.js';

/** The `documents_history` table: audited changes of register rows (status, owner, merges). */
export const DocumentHistoryEntity = defineEntity({
  name: 'DocumentHistory',
  tableName: 'documents_history',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    documentId: p.uuid().fieldName('document_id').persist(false),
    at: p.datetime().defaultRaw('now()'),
    actor: p.json<Actor>(),
    operation: p.text(),
    changes: p.json<Record<string, unknown>>(),
    document: () => tenantRelation(DocumentEntity, 'document_id'),
  },
  indexes: [
    {
      name: 'documents_history_document_idx',
      expression:
        'CREATE INDEX documents_history_document_idx ON documents_history USING btree (tenant_id, document_id, at, id)',
    },
  ],
});
