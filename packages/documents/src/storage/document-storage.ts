import type { TxContext } from '@rapport/core/plugin';

/** Names one stored object: the tenant of the transaction and a key (the version id). */
export interface StorageKey {
  key: string;
}

/**
 * Where the bytes of document versions live. Implementations get the command's transaction: the
 * PostgreSQL storage writes in it (a rollback discards the bytes); an object store cannot, so it
 * deletes an object again after a rollback (`tx.afterRollback`), and `sweepOrphans` removes what a
 * crash left behind (keys are version ids, never reused).
 */
export interface DocumentStorage {
  /** `postgres`, `s3`…: recorded with each version. */
  readonly kind: string;
  /** Stores the bytes under the key (the tenant is `tx.tenantId`). */
  put(tx: TxContext, object: StorageKey & { bytes: Uint8Array; contentType: string }): Promise<void>;
  /** The bytes under the key, or null when there are none. */
  get(tx: TxContext, object: StorageKey): Promise<Uint8Array | null>;
  /** Removes the bytes under the key (nothing when there are none). */
  delete(tx: TxContext, object: StorageKey): Promise<void>;
  /**
   * Object stores only (a store outside the transaction): pages of the tenant's keys last modified
   * before `before`, for the orphan sweep.
   */
  listBefore?(tx: TxContext, before: Date): AsyncIterable<string[]>;
  /** Object stores only: removes many keys of the tenant at once. */
  deleteMany?(tx: TxContext, keys: readonly string[]): Promise<void>;
}
