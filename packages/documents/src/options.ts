import { CronExpressionSchema, type InjectionToken, TimeZoneSchema, z } from '@rapport/core/plugin';
import { DocumentTypeInputSchema } from './types/type-input.js';

const PostgresStorageSchema = z.object({ kind: z.literal('postgres') });

const S3StorageSchema = z.object({
  kind: z.literal('s3'),
  /** The S3-compatible endpoint (MinIO, Ceph, a cloud's S3); omit for AWS itself. */
  endpoint: z.url().optional(),
  bucket: z.string().trim().min(3).max(63),
  region: z.string().trim().min(1).default('us-east-1'),
  credentials: z.object({
    accessKeyId: z.string().min(1),
    secretAccessKey: z.string().min(1),
  }),
  /** Path-style addressing (`endpoint/bucket/key`), which most S3-compatible servers need. */
  forcePathStyle: z.boolean().default(false),
  /** Prefix of every object key (`<prefix><tenant>/<version id>`). */
  prefix: z.string().max(200).default(''),
});

/** The MIME types accepted when the application names none. */
export const DEFAULT_CONTENT_TYPES = [
  'application/pdf',
  'text/html',
  'text/plain',
  'image/png',
  'image/jpeg',
  'image/tiff',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/msword',
  'message/rfc822',
] as const;

/** How old an unreferenced object must be before the orphan sweep deletes it (hours; 0 only when no upload is running). */
export const GraceHoursSchema = z
  .int()
  .min(0)
  .max(24 * 90);

/** The options of the documents plugin; `createCrm` validates them and reports every bad field. */
export const DocumentsOptionsSchema = z.object({
  /** Where content bytes live: PostgreSQL (default) or an S3-compatible object store. */
  storage: z
    .discriminatedUnion('kind', [PostgresStorageSchema, S3StorageSchema])
    .default({ kind: 'postgres' }),
  /** The largest content accepted, in bytes (default 20 MB). */
  maxContentBytes: z
    .int()
    .min(1)
    .max(1024 * 1024 * 1024)
    .default(20 * 1024 * 1024),
  /** Accepted MIME types; `type/*` accepts a whole family. */
  allowedContentTypes: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z0-9.+-]+\/([a-z0-9!#$&^_.+-]+|\*)$/),
    )
    .min(1)
    .default([...DEFAULT_CONTENT_TYPES]),
  /** Document types every tenant gets on first use (plugins declare theirs with `documentTypes`). */
  types: z.array(DocumentTypeInputSchema).default([]),
  /** The scheduled `documents.sweep-orphans` job (object storage only; one job per tenant on each tick). */
  orphanSweep: z
    .object({
      enabled: z.boolean().default(true),
      /** Objects younger than this are kept (their transaction may still be running). Default 24 h. */
      graceHours: GraceHoursSchema.default(24),
      /** Cron expression (five fields) in `tz`. Default: every day at 03:40. */
      cron: CronExpressionSchema.default('40 3 * * *'),
      tz: TimeZoneSchema.default('UTC'),
    })
    .prefault({}),
});

/** The validated options, as services receive them. */
export type DocumentsOptions = z.output<typeof DocumentsOptionsSchema>;
/** The storage options. */
export type DocumentStorageOptions = DocumentsOptions['storage'];

/** Token under which `createCrm` registers the validated options. */
export const DOCUMENTS_OPTIONS: InjectionToken<DocumentsOptions> = Symbol('rapport.documents.options');
