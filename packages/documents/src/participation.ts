import type { TableParticipation } from '@rapport/core/plugin';

/**
 * Register rows: a merge moves a document's main party to the survivor (audited in
 * `documents_history`); a deactivation hands the leaver's documents that are not void to the heir;
 * visibility follows the owner and the main party (the list also looks at every linked party, see
 * `documentVisibilitySql`). An erasure keeps the row and its number: the `partyErasing` tap removes
 * the content of documents that concern only that person. The export section is written by the
 * `collectPersonalData` tap (`documents`, with versions), so the rows are not exported twice here.
 */
export const DOCUMENT_PARTICIPATION: TableParticipation = {
  table: 'documents_document',
  label: 'documents',
  version: 'version',
  updatedAt: 'updated_at',
  parties: [{ column: 'party_id', export: false }],
  employees: [{ column: 'owner_id', openWork: `r.status <> 'void'` }],
  visibility: { owner: 'owner_id', parties: ['party_id'] },
  audit: { table: 'documents_history', key: 'document_id', at: 'at' },
};

/**
 * The parties of documents: a merge moves the links (dropping one the survivor already has on the
 * same document); an export lists them; an erasure keeps them (the party row itself is anonymised).
 */
export const DOCUMENT_PARTY_PARTICIPATION: TableParticipation = {
  table: 'documents_document_party',
  label: 'documentParties',
  id: 'document_id',
  parties: [{ column: 'party_id', merge: { combine: ['document_id'] } }],
};
