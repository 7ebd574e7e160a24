import type { TxContext } from '@rapport/core/plugin';
import { readDocuments, readVersions } from '../register/document-reader.js';

/** A document as a privacy export lists it: the register row and its versions' metadata. */
export type ExportedDocument = Awaited<ReturnType<typeof readDocuments>>[number] & {
  versions: Awaited<ReturnType<typeof readVersions>>;
};

/**
 * The `documents` section of a party's privacy export: every document that concerns the party,
 * with its parties and every version's metadata (file name, type, size, checksum, who, when, why).
 * The bytes are not in the export: `documents.personalData(ctx, partyId, { content: true })` adds
 * them for a request that asks for copies.
 */
export async function exportDocuments(tx: TxContext, partyId: string): Promise<ExportedDocument[]> {
  const rows = await tx.sql<{ document_id: string }>(
    'select document_id from documents_document_party where tenant_id = $1 and party_id = $2 order by document_id',
    [tx.tenantId, partyId],
  );
  const documents = await readDocuments(
    tx,
    rows.map((r) => r.document_id),
  );
  const out: ExportedDocument[] = [];
  for (const document of documents)
    out.push({
      ...document,
      versions: await readVersions(tx, document.id, document.currentVersion?.id ?? null),
    });
  return out;
}
