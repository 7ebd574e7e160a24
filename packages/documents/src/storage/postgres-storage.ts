import type { TxContext } from '@rapport/core/plugin';
import type { DocumentStorage, StorageKey } from './document-storage.js';

/** The default storage: bytes in `documents_content`, written in the command's transaction. */
export class PostgresDocumentStorage implements DocumentStorage {
  readonly kind = 'postgres';

  async put(tx: TxContext, object: StorageKey & { bytes: Uint8Array }): Promise<void> {
    await tx.sql('insert into documents_content (tenant_id, version_id, bytes) values ($1, $2, $3)', [
      tx.tenantId,
      object.key,
      Buffer.from(object.bytes.buffer, object.bytes.byteOffset, object.bytes.byteLength),
    ]);
  }

  async get(tx: TxContext, object: StorageKey): Promise<Uint8Array | null> {
    const [row] = await tx.sql<{ bytes: Buffer }>(
      'select bytes from documents_content where tenant_id = $1 and version_id = $2',
      [tx.tenantId, object.key],
    );
    return row ? new Uint8Array(row.bytes) : null;
  }

  async delete(tx: TxContext, object: StorageKey): Promise<void> {
    await tx.sql('delete from documents_content where tenant_id = $1 and version_id = $2', [
      tx.tenantId,
      object.key,
    ]);
  }
}
