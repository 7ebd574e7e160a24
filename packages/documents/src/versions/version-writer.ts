import { type TxContext, visibilityOf } from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import type { ContentInput } from '../register/document-input.js';
import { sha256Of } from '../storage/content-checks.js';
import type { ContentStore } from '../storage/content-store.js';

/** A version just written: its id, number and checksum. */
export interface WrittenVersion {
  id: string;
  number: number;
  sha256: string;
  size: number;
}

/**
 * Appends a version to a document (locked by the caller): the version row, its bytes in the
 * storage, and the document's current pointer moved to it. Earlier versions are never touched.
 * The content is checked by the caller before anything is written.
 */
export async function writeVersion(
  tx: TxContext,
  store: ContentStore,
  input: { documentId: string; content: Required<ContentInput>; reason: string | null },
): Promise<WrittenVersion> {
  const visibility = await visibilityOf(tx);
  const [{ next }] = (await tx.sql<{ next: number }>(
    'select coalesce(max(number), 0) + 1 as next from documents_version where tenant_id = $1 and document_id = $2',
    [tx.tenantId, input.documentId],
  )) as [{ next: number }];
  const id = uuidv7();
  const sha256 = sha256Of(input.content.bytes);
  const size = input.content.bytes.byteLength;
  await tx.db
    .insertInto('DocumentVersion')
    .values({
      tenantId: tx.tenantId,
      id,
      documentId: input.documentId,
      number: Number(next),
      filename: input.content.filename,
      contentType: input.content.contentType,
      size,
      sha256,
      storage: store.storage.kind,
      reason: input.reason,
      actor: tx.actor,
      employeeId: visibility.employeeId ?? null,
    })
    .execute();
  await store.storage.put(tx, {
    key: id,
    bytes: input.content.bytes,
    contentType: input.content.contentType,
  });
  await tx.sql(
    `update documents_document set current_version_id = $3, version = version + 1, updated_at = clock_timestamp()
     where tenant_id = $1 and id = $2`,
    [tx.tenantId, input.documentId, id],
  );
  return { id, number: Number(next), sha256, size };
}
