import { defineEntity, PartyEntity, p, tenantRelation } from '@rapport/core/plugin';
import { DocumentEntity } from './document.js';

/** The `documents_document_party` table: every party a document concerns, with its role. */
export const DocumentPartyEntity = defineEntity({
  name: 'DocumentParty',
  tableName: 'documents_document_party',
  properties: {
    tenantId: p.uuid().primary(),
    documentId: p.uuid().fieldName('document_id').persist(false).primary(),
    partyId: p.uuid().fieldName('party_id').persist(false).primary(),
    role: p.text().defaultRaw("'customer'"),
    document: () => tenantRelation(DocumentEntity, 'document_id'),
    party: () => tenantRelation(PartyEntity, 'party_id'),
  },
  indexes: [
    {
      name: 'documents_document_party_party_idx',
      expression:
        'CREATE INDEX documents_document_party_party_idx ON documents_document_party USING btree (tenant_id, party_id, document_id)',
    },
  ],
});
