import { defineEntity, EmployeeEntity, PartyEntity, p, tenantRelation } from '@rapport/core/plugin';
import type { DocumentDirection } from '../register/document-input.js';
import { DocumentTypeEntity } from './document-type.js';
import { DocumentVersionEntity } from './version.js';

/** The `documents_document` table: the register row of one document (never deleted). */
export const DocumentEntity = defineEntity({
  name: 'Document',
  tableName: 'documents_document',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    typeId: p.uuid().fieldName('type_id').persist(false),
    number: p.text().nullable(),
    seq: p.integer().nullable(),
    period: p.text().nullable(),
    title: p.text(),
    direction: p.text().$type<DocumentDirection>(),
    status: p.text(),
    partyId: p.uuid().fieldName('party_id').persist(false),
    subjectKind: p.text().nullable(),
    subjectId: p.uuid().nullable(),
    ownerId: p.uuid().fieldName('owner_id').persist(false).nullable(),
    issuedOn: p.date().nullable(),
    tags: p.array().columnType('text[]').defaultRaw("'{}'"),
    custom: p.json<Record<string, unknown>>().defaultRaw("'{}'"),
    currentVersionId: p.uuid().fieldName('current_version_id').persist(false).nullable(),
    contentErased: p.boolean().defaultRaw('false'),
    version: p.integer().defaultRaw('1'),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
    type: () => tenantRelation(DocumentTypeEntity, 'type_id'),
    party: () => tenantRelation(PartyEntity, 'party_id'),
    owner: () => tenantRelation(EmployeeEntity, 'owner_id').nullable(),
    currentVersion: () => tenantRelation(DocumentVersionEntity, 'current_version_id').nullable(),
  },
  checks: [
    {
      name: 'documents_document_direction_check',
      expression: "(direction = ANY (ARRAY['incoming'::text, 'outgoing'::text, 'internal'::text]))",
    },
    { name: 'documents_document_check', expression: '((subject_kind IS NULL) = (subject_id IS NULL))' },
  ],
  indexes: [
    {
      name: 'documents_document_number_idx',
      expression:
        'CREATE UNIQUE INDEX documents_document_number_idx ON documents_document USING btree (tenant_id, type_id, number) WHERE (number IS NOT NULL)',
    },
    {
      name: 'documents_document_party_idx',
      expression:
        'CREATE INDEX documents_document_party_idx ON documents_document USING btree (tenant_id, party_id)',
    },
    {
      name: 'documents_document_subject_idx',
      expression:
        'CREATE INDEX documents_document_subject_idx ON documents_document USING btree (tenant_id, subject_kind, subject_id) WHERE (subject_id IS NOT NULL)',
    },
    {
      name: 'documents_document_owner_idx',
      expression:
        'CREATE INDEX documents_document_owner_idx ON documents_document USING btree (tenant_id, owner_id)',
    },
  ],
});
