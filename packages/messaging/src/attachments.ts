import { createHash } from 'node:crypto';
import { InvalidDataError, type TxContext, z } from '@rapport/core/plugin';
import type { MessageChannel, OutgoingAttachment } from './channel.js';
import type { MessagingOptions } from './options.js';

const filename = z
  .string()
  .trim()
  .min(1)
  .max(255)
  // Path separators and control characters have no place in a file name a mail client shows.
  .regex(/^[^/\\\p{Cc}]+$/u, 'must be a plain file name (no path, no control characters)');
const contentType = z
  .string()
  .trim()
  .toLowerCase()
  .max(255)
  .regex(/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(\s*;.*)?$/, 'must be a media type such as application/pdf');

/** One file of `messaging.send({ attachments })`: its name, media type and bytes. */
export const AttachmentInputSchema = z.object({
  filename,
  contentType,
  content: z.instanceof(Uint8Array, { message: 'must be a Uint8Array or a Buffer' }),
});
/** One file of `messaging.send({ attachments })`. */
export type AttachmentInput = z.input<typeof AttachmentInputSchema>;

/** A validated attachment with its digest, ready to store. */
export type PreparedAttachment = OutgoingAttachment;

/**
 * Checks the attachments of a send against the channel and the limits, and digests them. Refused,
 * before anything is written: any attachment on a channel without attachments (`attachments`), more
 * than `maxCount` (`attachments`), or the one that takes the total past `maxTotalBytes`
 * (`attachments.N.content`).
 */
export function prepareAttachments(
  channel: MessageChannel,
  attachments: readonly z.output<typeof AttachmentInputSchema>[],
  limits: MessagingOptions['attachments'],
): PreparedAttachment[] {
  if (attachments.length === 0) return [];
  const refuse = (path: string, message: string, code: string): never => {
    throw new InvalidDataError('message', [{ path, message, code }]);
  };
  if (!channel.attachments)
    refuse('attachments', `the ${channel.name} channel does not send attachments`, 'invalid_value');
  if (attachments.length > limits.maxCount)
    refuse('attachments', `at most ${limits.maxCount} attachments per message`, 'too_big');
  let total = 0;
  return attachments.map((a, i) => {
    total += a.content.byteLength;
    if (total > limits.maxTotalBytes)
      refuse(
        `attachments.${i}.content`,
        `the attachments exceed ${limits.maxTotalBytes} bytes in all (attachments.maxTotalBytes)`,
        'too_big',
      );
    const content = Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength);
    return {
      filename: a.filename,
      contentType: a.contentType,
      content,
      size: content.byteLength,
      sha256: createHash('sha256').update(content).digest('hex'),
    };
  });
}

/** Whose files: a single message's, or a mailing's (shared by all its messages). */
export type AttachmentOwner = 'message' | 'mailing';

/** The list table and its owner column of each owner: the only names that reach SQL. */
const LISTS = {
  message: { table: 'messaging_message_attachment', column: 'message_id' },
  mailing: { table: 'messaging_mailing_attachment', column: 'mailing_id' },
} as const;

/** Stores attachments in `tx`: each content once per tenant, then the owner's ordered list. */
export async function storeAttachments(
  tx: TxContext,
  owner: AttachmentOwner,
  ownerId: string,
  attachments: readonly PreparedAttachment[],
): Promise<void> {
  const list = LISTS[owner];
  if (attachments.length === 0) return;
  const blobs = [...new Map(attachments.map((a) => [a.sha256, a])).values()];
  await tx.sql(
    `insert into messaging_attachment_blob (tenant_id, sha256, content, size)
     select $1, b.sha256, b.content, b.size from unnest($2::text[], $3::bytea[], $4::int[]) as b(sha256, content, size)
     on conflict (tenant_id, sha256) do nothing`,
    [tx.tenantId, blobs.map((b) => b.sha256), blobs.map((b) => b.content), blobs.map((b) => b.size)],
  );
  await tx.sql(
    `insert into ${list.table} (tenant_id, ${list.column}, position, sha256, filename, content_type, size)
     select $1, $2, a.position - 1, a.sha256, a.filename, a.content_type, a.size
     from unnest($3::text[], $4::text[], $5::text[], $6::int[]) with ordinality as a(sha256, filename, content_type, size, position)`,
    [
      tx.tenantId,
      ownerId,
      attachments.map((a) => a.sha256),
      attachments.map((a) => a.filename),
      attachments.map((a) => a.contentType),
      attachments.map((a) => a.size),
    ],
  );
}

/** The attachments of one message or mailing, in order, with their contents (one query). */
export async function loadAttachments(
  tx: TxContext,
  owner: AttachmentOwner,
  ownerId: string,
): Promise<OutgoingAttachment[]> {
  const list = LISTS[owner];
  const rows = await tx.sql<{
    filename: string;
    content_type: string;
    content: Buffer;
    size: number;
    sha256: string;
  }>(
    `select a.filename, a.content_type, b.content, a.size, a.sha256
     from ${list.table} a
     join messaging_attachment_blob b on b.tenant_id = a.tenant_id and b.sha256 = a.sha256
     where a.tenant_id = $1 and a.${list.column} = $2 order by a.position`,
    [tx.tenantId, ownerId],
  );
  return rows.map((r) => ({
    filename: r.filename,
    contentType: r.content_type,
    content: r.content,
    size: r.size,
    sha256: r.sha256,
  }));
}

/**
 * Removes the attachments of a party's messages (an erasure), then the contents no other message
 * nor mailing refers to any more (a mailing's files are not the person's: they stay). Two statements: within one, the second would still see the removed rows.
 */
export async function eraseAttachments(tx: TxContext, partyId: string): Promise<void> {
  const removed = await tx.sql<{ sha256: string }>(
    `delete from messaging_message_attachment a using messaging_message m
     where a.tenant_id = $1 and m.tenant_id = $1 and m.id = a.message_id and m.party_id = $2
     returning a.sha256`,
    [tx.tenantId, partyId],
  );
  if (removed.length === 0) return;
  await tx.sql(
    'update messaging_message set attachment_count = 0 where tenant_id = $1 and party_id = $2 and attachment_count > 0',
    [tx.tenantId, partyId],
  );
  await tx.sql(
    `delete from messaging_attachment_blob b where b.tenant_id = $1 and b.sha256 = any($2::text[])
       and not exists (select 1 from messaging_message_attachment a where a.tenant_id = $1 and a.sha256 = b.sha256)
       and not exists (select 1 from messaging_mailing_attachment a where a.tenant_id = $1 and a.sha256 = b.sha256)`,
    [tx.tenantId, [...new Set(removed.map((r) => r.sha256))]],
  );
}
