import type { TxContext } from '@rapport/core/plugin';
import { readDocuments, readVersions } from '../register/document-reader.js';
import type { ContentStore } from '../storage/content-store.js';
import type { Document, DocumentVersion } from '../types.js';

/** A document as a privacy export lists it: the register row and its versions' metadata. */
export type ExportedDocument = Document & {
  versions: Array<DocumentVersion & { content?: { base64: string } | null }>;
};

/**
 * The `documents` section of a party's privacy export: every document that concerns the party,
 * with its parties and every version's metadata (file name, type, size, checksum, who, when, why).
 * The bytes are left out of core's export; with `withContent` (what
 * `documents.personalData(ctx, partyId, { content: true })` passes) each version carries them, base64.
 */
export async function exportDocuments(
  tx: TxContext,
  partyId: string,
  withContent?: ContentStore,
): Promise<ExportedDocument[]> {
  const rows = await tx.sql<{ document_id: string }>(
    'select document_id from documents_document_party where tenant_id = $1 and party_id = $2 order by document_id',
    [tx.tenantId, partyId],
  );
  const documents = await readDocuments(
    tx,
    rows.map((r) => r.document_id),
  );
  const out: ExportedDocument[] = [];
  for (const document of documents) {
    const versions: ExportedDocument['versions'] = await readVersions(
      tx,
      document.id,
      document.currentVersion?.id ?? null,
    );
    if (withContent)
      for (const version of versions)
        version.content = version.erasedAt
          ? null
          : { base64: Buffer.from(await withContent.read(tx, version)).toString('base64') };
    out.push({ ...document, versions });
  }
  return out;
}
