import { inject, injectable, RapportError, type TxContext } from '@rapport/core/plugin';
import { DOCUMENTS_OPTIONS, type DocumentsOptions } from '../options.js';
import { sha256Of } from './content-checks.js';
import type { DocumentStorage } from './document-storage.js';
import { PostgresDocumentStorage } from './postgres-storage.js';
import { S3DocumentStorage } from './s3-storage.js';

/** The storage the options select, and checked reads through it. */
@injectable()
export class ContentStore {
  /** The storage new versions are written to. */
  readonly storage: DocumentStorage;

  constructor(@inject(DOCUMENTS_OPTIONS) options: DocumentsOptions) {
    this.storage =
      options.storage.kind === 's3' ? new S3DocumentStorage(options.storage) : new PostgresDocumentStorage();
  }

  /** Releases the storage's connections (the S3 client's sockets). */
  close(): void {
    if (this.storage instanceof S3DocumentStorage) this.storage.destroy();
  }

  /**
   * The bytes of a version, checked against its SHA-256: missing or altered bytes are an error
   * (`UNAVAILABLE`), never silently served.
   */
  async read(tx: TxContext, version: { id: string; sha256: string; storage: string }): Promise<Uint8Array> {
    if (version.storage !== this.storage.kind)
      throw new RapportError(
        'UNAVAILABLE',
        `Version ${version.id} is kept in ${version.storage} storage, but this CRM uses ${this.storage.kind}`,
        { details: { versionId: version.id, storage: version.storage } },
      );
    const bytes = await this.storage.get(tx, { key: version.id });
    if (!bytes)
      throw new RapportError(
        'UNAVAILABLE',
        `The content of version ${version.id} is missing from ${version.storage}`,
        {
          details: { versionId: version.id },
        },
      );
    const actual = sha256Of(bytes);
    if (actual !== version.sha256)
      throw new RapportError(
        'UNAVAILABLE',
        `The content of version ${version.id} does not match its checksum`,
        {
          details: { versionId: version.id, expected: version.sha256, actual },
        },
      );
    return bytes;
  }
}
