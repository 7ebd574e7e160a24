import { ConflictError, type CrmHooks, type JournalService, type TxContext } from '@rapport/core/plugin';
import type { DocumentsOptions } from '../options.js';
import type { VersionInput } from '../register/document-input.js';
import { recordDocumentEvent } from '../register/document-journal.js';
import {
  readDocuments,
  readVersion,
  readVersions,
  requireVisibleDocument,
} from '../register/document-reader.js';
import { lockDocument } from '../register/document-status.js';
import { checkContent } from '../storage/content-checks.js';
import type { ContentStore } from '../storage/content-store.js';
import type { DocumentContent, DocumentVersion } from '../types.js';
import { writeVersion } from './version-writer.js';

/**
 * Adds a version to a visible document (locked): content checked before anything is written, the
 * version appended and made current, one journal entry, `documentVersionAdded`. A document whose
 * content was erased takes no new versions.
 */
export async function addVersion(
  tx: TxContext,
  deps: {
    hooks: Readonly<CrmHooks>;
    journal: JournalService;
    store: ContentStore;
    options: DocumentsOptions;
  },
  id: string,
  input: Required<Pick<VersionInput, 'reason'>> & { content: VersionInput['content'] },
): Promise<DocumentVersion> {
  const content = input.content as Required<VersionInput['content']>;
  checkContent(deps.options, content);
  const before = await lockDocument(tx, id);
  if (before.contentErased)
    throw new ConflictError(`The content of document ${id} was erased; it takes no new versions`, {
      details: { documentId: id },
    });
  const written = await writeVersion(tx, deps.store, { documentId: id, content, reason: input.reason });
  const [document] = await readDocuments(tx, [id]);
  const version = (await readVersions(tx, id, written.id)).find((v) => v.id === written.id)!;
  const entry = await recordDocumentEvent(tx, deps.journal, document!, {
    event: 'version',
    versionNumber: version.number,
    reason: input.reason,
  });
  await deps.hooks.documentVersionAdded.promise({ document: document!, version, entry }, tx);
  return version;
}

/** The checked bytes of a version of a document the actor may see. */
export async function readContent(
  tx: TxContext,
  store: ContentStore,
  versionId: string,
): Promise<DocumentContent> {
  const version = await readVersion(tx, versionId);
  await requireVisibleDocument(tx, version.documentId);
  if (version.erasedAt)
    throw new ConflictError(`The content of version ${versionId} was erased`, {
      details: { versionId, erasedAt: version.erasedAt },
    });
  const bytes = await store.read(tx, version);
  return { bytes, contentType: version.contentType, filename: version.filename, sha256: version.sha256 };
}
