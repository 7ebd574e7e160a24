import { z } from '@rapport/core/plugin';

/** Which way a document went: received from the party, sent to it, or kept internally. */
export type DocumentDirection = 'incoming' | 'outgoing' | 'internal';

/** A UUID in PostgreSQL's own (lower-case) spelling, so ids compare equal to those read back. */
export const id = z.uuid().transform((value) => value.toLowerCase());
const key = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_.-]{0,39}$/, 'must be a lower-case key (a-z, 0-9, _ . -)');
/** A status key: built in (`draft`, `issued`, `sent`, `signed`, `received`, `void`, `archived`) or the type's own. */
export const status = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a lower-case key (a-z, 0-9, _)');
const isoDate = z.iso.date();

/** File content: its name, MIME type and bytes (a Buffer is a Uint8Array). */
export const ContentInputSchema = z.object({
  filename: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .regex(/^[^/\\\0]+$/, 'must be a file name without a path'),
  contentType: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/, 'must be a MIME type such as application/pdf'),
  bytes: z.instanceof(Uint8Array, { message: 'must be a Uint8Array (or Buffer)' }),
});
/** What `content` takes. */
export type ContentInput = z.input<typeof ContentInputSchema>;

/** A new document in the register. */
export const DocumentInputSchema = z.object({
  /** The key of a document type of the tenant (or one a plugin declares). */
  type: key,
  title: z.string().trim().min(1).max(500),
  direction: z.enum(['incoming', 'outgoing', 'internal']),
  /** Default `received` for incoming documents, `draft` for the others. */
  status: status.optional(),
  /** The parties the document concerns (at least one); the first is its main party. */
  parties: z
    .array(
      z.object({
        partyId: id,
        role: z
          .string()
          .trim()
          .regex(/^[a-z][a-z0-9_]{1,40}$/, 'must be a lower-case role key')
          .default('customer'),
      }),
    )
    .min(1)
    .max(50),
  /** What the document is about besides its parties: a deal, a quote, a contract… */
  subject: z
    .object({
      kind: z
        .string()
        .trim()
        .regex(/^[a-z][a-z0-9_.-]{1,60}$/),
      id,
    })
    .optional(),
  /** Default: the acting employee (none for a system process). */
  ownerId: id.optional(),
  /** The document's date (`YYYY-MM-DD`); also the date its number's period is taken from. */
  issuedOn: isoDate.optional(),
  tags: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
  custom: z.record(z.string(), z.unknown()).default({}),
  /** The first version's content, if the document has one already. */
  content: ContentInputSchema.optional(),
  /** `auto` (default): the type's next number; `none`: no number; a string: that number, as given. */
  number: z.union([z.literal('auto'), z.literal('none'), z.string().trim().min(1).max(100)]).default('auto'),
  /** Why the first version was made (kept with it). */
  reason: z.string().trim().min(1).max(1000).optional(),
});
/** What `documents.create` takes. */
export type DocumentCreateInput = z.input<typeof DocumentInputSchema>;
/** A validated new document. */
export type DocumentInput = z.output<typeof DocumentInputSchema>;

/** The filters of `documents.list`. */
export const DocumentListSchema = z.object({
  partyId: id.optional(),
  subject: z.object({ kind: z.string().trim().min(1).max(61), id }).optional(),
  type: key.optional(),
  status: status.optional(),
  direction: z.enum(['incoming', 'outgoing', 'internal']).optional(),
  ownerId: id.optional(),
  tag: z.string().trim().min(1).max(60).optional(),
  number: z.string().trim().min(1).max(100).optional(),
  /** Documents dated (issued) on or after this day. */
  issuedFrom: isoDate.optional(),
  /** Documents dated (issued) on or before this day. */
  issuedTo: isoDate.optional(),
  page: z
    .object({
      limit: z.int().min(1).max(500).default(50),
      cursor: z.string().min(1).max(200).optional(),
    })
    .prefault({}),
});
/** What `documents.list` takes. */
export type DocumentListQuery = z.input<typeof DocumentListSchema>;

/** A status change. */
export const StatusChangeSchema = z.object({
  status,
  reason: z.string().trim().min(1).max(1000).optional(),
  /** Refuse (conflict) when the document changed since it was read. */
  expectedVersion: z.int().min(1).optional(),
});
/** What `documents.setStatus` takes. */
export type StatusChange = z.input<typeof StatusChangeSchema>;

/** A new version of a document's content. */
export const VersionInputSchema = z.object({
  content: ContentInputSchema,
  reason: z.string().trim().min(1).max(1000),
});
/** What `documents.addVersion` takes. */
export type VersionInput = z.input<typeof VersionInputSchema>;

/** A number to allocate: the type, and the date whose period counts (default: the tenant's today). */
export const AllocateInputSchema = z.object({ type: key, on: isoDate.optional() });
/** What `documents.allocateNumber` takes. */
export type AllocateInput = z.input<typeof AllocateInputSchema>;
