import { ConflictError, type CrmHooks, type JournalService, type TxContext } from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import type { DocumentTypeDefaults } from '../types/type-defaults.js';
import { resolveType } from '../types/type-store.js';
import type { Document } from '../types.js';
import { checkStatus } from './document-checks.js';
import { recordDocumentEvent } from './document-journal.js';
import { readDocuments, requireVisibleDocument } from './document-reader.js';
import { requireDocumentWriter } from './document-writer.js';

/**
 * Locks a visible document the actor may change (see `requireDocumentWriter`) for this transaction
 * and refuses (conflict) a stale `expectedVersion`.
 */
export async function lockDocument(tx: TxContext, id: string, expectedVersion?: number): Promise<Document> {
  await requireVisibleDocument(tx, id);
  await tx.sql('select 1 from documents_document where tenant_id = $1 and id = $2 for update', [
    tx.tenantId,
    id,
  ]);
  const [document] = await readDocuments(tx, [id]);
  await requireDocumentWriter(tx, document!);
  if (expectedVersion !== undefined && expectedVersion !== document!.version)
    throw new ConflictError(
      `Document ${id} changed meanwhile (version ${document!.version}, expected ${expectedVersion}); reload it and retry`,
      { details: { documentId: id, version: document!.version, expectedVersion } },
    );
  return document!;
}

/** Writes one row of the document's audit history. */
export async function recordHistory(
  tx: TxContext,
  documentId: string,
  operation: string,
  changes: Record<string, unknown>,
): Promise<void> {
  await tx.db
    .insertInto('DocumentHistory')
    .values({
      tenantId: tx.tenantId,
      id: uuidv7(),
      documentId,
      actor: tx.actor,
      operation,
      changes,
    })
    .execute();
}

/**
 * Changes a document's status (one of its type's): the row, an audit row, a journal entry on its
 * parties' timelines, `documentStatusChanged`. Setting the status it has is a conflict.
 */
export async function changeStatus(
  tx: TxContext,
  deps: { hooks: Readonly<CrmHooks>; journal: JournalService; defaults: DocumentTypeDefaults },
  id: string,
  change: { status: string; reason: string | null; expectedVersion?: number },
): Promise<Document> {
  const before = await lockDocument(tx, id, change.expectedVersion);
  checkStatus(await resolveType(tx, deps.defaults, before.type), change.status);
  if (before.status === change.status)
    throw new ConflictError(`Document ${id} is ${change.status} already`, {
      details: { documentId: id, status: change.status },
    });
  await tx.sql(
    `update documents_document set status = $3, version = version + 1, updated_at = clock_timestamp()
     where tenant_id = $1 and id = $2`,
    [tx.tenantId, id, change.status],
  );
  await recordHistory(tx, id, 'status', { status: [before.status, change.status], reason: change.reason });
  const [document] = await readDocuments(tx, [id]);
  const entry = await recordDocumentEvent(tx, deps.journal, document!, {
    event: 'status',
    fromStatus: before.status,
    reason: change.reason,
  });
  await deps.hooks.documentStatusChanged.promise(
    { document: document!, from: before.status, to: change.status, reason: change.reason, entry },
    tx,
  );
  return document!;
}
