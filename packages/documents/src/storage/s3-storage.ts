import {
  DeleteObjectCommand,
  GetObjectCommand,
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

  /** Closes the client's connections. */
  destroy(): void {
    this.client.destroy();
  }

  private key(tx: TxContext, object: StorageKey): string {
    return `${this.options.prefix}${tx.tenantId}/${object.key}`;
  }
}
