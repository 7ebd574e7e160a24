import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { TxContext } from '@rapport/core/plugin';
import type { DocumentStorageOptions } from '../options.js';
import type { DocumentStorage, StorageKey } from './document-storage.js';

type S3Options = Extract<DocumentStorageOptions, { kind: 's3' }>;

/** Bytes in an S3-compatible bucket, under `<prefix><tenant id>/<version id>`. */
export class S3DocumentStorage implements DocumentStorage {
  readonly kind = 's3';
  private readonly client: S3Client;

  constructor(private readonly options: S3Options) {
    this.client = new S3Client({
      region: options.region,
      credentials: options.credentials,
      forcePathStyle: options.forcePathStyle,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    });
  }

  async put(tx: TxContext, object: StorageKey & { bytes: Uint8Array; contentType: string }): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: this.key(tx, object),
        Body: object.bytes,
        ContentType: object.contentType,
        ContentLength: object.bytes.byteLength,
      }),
    );
    // The bucket is not part of the transaction: a rollback takes the object back out (a crash
    // before that leaves it to `sweepOrphans`).
    tx.afterRollback(() => this.delete(tx, object));
  }

  async get(tx: TxContext, object: StorageKey): Promise<Uint8Array | null> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: this.key(tx, object) }),
      );
      return out.Body ? await out.Body.transformToByteArray() : null;
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw error;
    }
  }

  async delete(tx: TxContext, object: StorageKey): Promise<void> {
    await this.client.send(
      new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.key(tx, object) }),
    );
  }

  /** Pages (up to 1000) of the keys under the transaction's tenant last modified before `before`. */
  async *listBefore(tx: TxContext, before: Date): AsyncIterable<string[]> {
    const prefix = this.key(tx, { key: '' });
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.options.bucket,
          Prefix: prefix,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      yield (page.Contents ?? [])
        .filter((o) => o.Key && o.LastModified && o.LastModified < before)
        .map((o) => o.Key!.slice(prefix.length));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** Removes many keys of the transaction's tenant in one request (up to 1000). */
  async deleteMany(tx: TxContext, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.client.send(
      new DeleteObjectsCommand({
        Bucket: this.options.bucket,
        Delete: { Objects: keys.map((key) => ({ Key: this.key(tx, { key }) })), Quiet: true },
      }),
    );
  }

  /** Closes the client's connections. */
  destroy(): void {
    this.client.destroy();
  }

  private key(tx: TxContext, object: StorageKey): string {
    return `${this.options.prefix}${tx.tenantId}/${object.key}`;
  }
}
