import { type Actor, defineEntity, EmployeeEntity, p, tenantRelation } from '@rapport/core/plugin';
import { DocumentEntity } from './document.js';

/** The `documents_version` table: the content versions of documents, append-only. */
export const DocumentVersionEntity = defineEntity({
  name: 'DocumentVersion',
  tableName: 'documents_version',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    documentId: p.uuid().fieldName('document_id').persist(false),
    number: p.integer(),
    filename: p.text(),
    contentType: p.text(),
    size: p.integer(),
    sha256: p.text(),
    storage: p.text(),
    reason: p.text().nullable(),
    actor: p.json<Actor>(),
    employeeId: p.uuid().fieldName('employee_id').persist(false).nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    erasedAt: p.datetime().nullable(),
    document: () => tenantRelation(DocumentEntity, 'document_id'),
    employee: () => tenantRelation(EmployeeEntity, 'employee_id').nullable(),
  },
  checks: [
    { name: 'documents_version_number_check', expression: '(number > 0)' },
    { name: 'documents_version_size_check', expression: '(size >= 0)' },
  ],
  uniques: [
    {
      name: 'documents_version_tenant_id_document_id_number_key',
      expression:
        'CREATE UNIQUE INDEX documents_version_tenant_id_document_id_number_key ON documents_version USING btree (tenant_id, document_id, number)',
    },
  ],
});
