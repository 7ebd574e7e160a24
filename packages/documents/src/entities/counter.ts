import { defineEntity, p, tenantRelation } from '@rapport/core/plugin';
import { DocumentTypeEntity } from './document-type.js';

/** The `documents_counter` table: the last number given per document type and period. */
export const DocumentCounterEntity = defineEntity({
  name: 'DocumentCounter',
  tableName: 'documents_counter',
  properties: {
    tenantId: p.uuid().primary(),
    typeId: p.uuid().fieldName('type_id').persist(false).primary(),
    period: p.text().primary(),
    lastSeq: p.integer(),
    type: () => tenantRelation(DocumentTypeEntity, 'type_id'),
  },
  checks: [{ name: 'documents_counter_last_seq_check', expression: '(last_seq > 0)' }],
});
