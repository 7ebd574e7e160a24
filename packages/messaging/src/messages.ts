import { type Filter, z } from '@rapport/core/plugin';
import { AttachmentInputSchema } from './attachments.js';

/**
 * Where a message is: `queued` (waiting, also between retries), `sending` (claimed by a worker and
 * handed to the transport), `sent` (accepted by the provider), `delivered` / `bounced` (reported
 * later, or a permanent refusal of the address), `failed` (retries exhausted, or refused for good),
 * `skipped` (direct mail: not sent, see `skipReason`), `unknown` (a worker died while sending it:
 * it is never re-sent automatically).
 */
export type MessageStatus =
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'bounced'
  | 'failed'
  | 'skipped'
  | 'unknown';

/**
 * Why a message was not sent: no address, an invalid one, an opt-out, no opt-in (these four also
 * refuse a single send); its mailing was cancelled, or its recipient erased, before it went out.
 */
export type SkipReason =
  | 'no_address'
  | 'invalid_address'
  | 'opted_out'
  | 'no_consent'
  | 'cancelled'
  | 'erased';

/** One message to one party on one channel. */
export interface Message {
  id: string;
  channel: string;
  mailingId: string | null;
  partyId: string;
  contactPointId: string | null;
  address: string | null;
  template: string;
  locale: string | null;
  status: MessageStatus;
  skipReason: SkipReason | null;
  attempts: number;
  lastError: string | null;
  /** How many files are attached (their names and sizes are in the journal entry). */
  attachmentCount: number;
  /** The rendered parts (null until rendered, and after an erasure). */
  content: Record<string, string> | null;
  providerId: string | null;
  journalEntryId: string | null;
  createdAt: Date;
  sentAt: Date | null;
  finishedAt: Date | null;
}

/** One delivery attempt of a message. */
export interface MessageAttempt {
  attempt: number;
  at: Date;
  outcome: 'sent' | 'transient' | 'permanent' | 'unknown';
  detail: string | null;
}

const uuid = z.uuid().transform((value) => value.toLowerCase());
const key = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,99}$/, 'must be a lower-case key');

/** What `messaging.send` takes: a channel, a party or one of its contact points, a template and data. */
export const SendInputSchema = z
  .object({
    channel: key,
    partyId: uuid.optional(),
    /** A specific address of the party (else its primary valid one of the channel's kind). */
    contactPointId: uuid.optional(),
    template: key,
    /** Wanted locale; defaults to the party's locale, then the channel's default. */
    locale: z.string().trim().min(2).max(35).optional(),
    data: z.record(z.string(), z.unknown()).default({}),
    /**
     * Files to attach (channels that take attachments only: email does, SMS does not). Stored with
     * the message; limits: the plugin's `attachments` options (10 MB in all, 20 files by default).
     */
    attachments: z.array(AttachmentInputSchema).max(1000).default([]),
  })
  .refine((input) => (input.partyId === undefined) !== (input.contactPointId === undefined), {
    message: 'give exactly one of partyId and contactPointId',
    path: ['partyId'],
  });
/** What `messaging.send` takes. */
export type SendInput = z.input<typeof SendInputSchema>;

/** What `messaging.sendToSegment` takes: the audience is a saved segment or a filter. */
export const MailingInputSchema = z
  .object({
    channel: key,
    template: key,
    name: z.string().trim().min(1).max(200).optional(),
    segmentId: uuid.optional(),
    filter: z.custom<Filter>((value) => typeof value === 'object' && value !== null).optional(),
    /** One locale for everyone; by default each recipient's own. */
    locale: z.string().trim().min(2).max(35).optional(),
    data: z.record(z.string(), z.unknown()).default({}),
    /** Messages per second; defaults to the channel's rate. */
    rate: z.number().positive().max(100_000).optional(),
    /** Files every message of the mailing carries, stored once (limits as for `send`). */
    attachments: z.array(AttachmentInputSchema).max(1000).default([]),
  })
  .refine((input) => (input.segmentId === undefined) !== (input.filter === undefined), {
    message: 'give exactly one of segmentId and filter',
    path: ['segmentId'],
  });
/** What `messaging.sendToSegment` takes. */
export type MailingInput = z.input<typeof MailingInputSchema>;

/** A direct-mail mailing. */
export interface Mailing {
  id: string;
  name: string;
  channel: string;
  template: string;
  locale: string | null;
  segmentId: string | null;
  /**
   * The filter as it was when the mailing was sent (the segment's, or the one given): the
   * recipients were resolved from it then, and a later change of the segment changes nothing here.
   */
  filter: Filter;
  rate: number;
  status: 'running' | 'completed' | 'cancelled';
  requestedBy: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** How far a mailing is: counts by status, and the skipped ones by reason, from one query. */
export interface MailingProgress {
  mailing: Mailing;
  /** Every recipient resolved when the mailing was sent, skipped ones included. */
  total: number;
  byStatus: Record<MessageStatus, number>;
  skipped: Record<SkipReason, number>;
  /** True when no message is queued or being sent any more. */
  done: boolean;
}

/** The result of redeeming an unsubscribe token. */
export interface UnsubscribeResult {
  tenantId: string;
  partyId: string;
  channel: string;
  /** True when the party had opted out of the channel already (nothing was recorded again). */
  alreadyOptedOut: boolean;
}

/** The message row as read from SQL. */
export interface MessageRow {
  id: string;
  channel: string;
  mailing_id: string | null;
  party_id: string;
  contact_point_id: string | null;
  address: string | null;
  template: string;
  locale: string | null;
  status: MessageStatus;
  skip_reason: SkipReason | null;
  attempts: number;
  last_error: string | null;
  content: Record<string, string> | null;
  provider_id: string | null;
  journal_entry_id: string | null;
  created_at: string;
  sent_at: string | null;
  finished_at: string | null;
  attachment_count: number;
}

/** Columns of {@link MessageRow}. */
export const MESSAGE_COLUMNS = `id, channel, mailing_id, party_id, contact_point_id, address, template, locale, status,
  skip_reason, attempts, last_error, content, provider_id, journal_entry_id, created_at, sent_at, finished_at,
  attachment_count`;

/** Maps a message row. */
export function toMessage(row: MessageRow): Message {
  const date = (value: string | null) => (value === null ? null : new Date(value));
  return {
    id: row.id,
    channel: row.channel,
    mailingId: row.mailing_id,
    partyId: row.party_id,
    contactPointId: row.contact_point_id,
    address: row.address,
    template: row.template,
    locale: row.locale,
    status: row.status,
    skipReason: row.skip_reason,
    attempts: row.attempts,
    lastError: row.last_error,
    attachmentCount: row.attachment_count,
    content: row.content,
    providerId: row.provider_id,
    journalEntryId: row.journal_entry_id,
    createdAt: new Date(row.created_at),
    sentAt: date(row.sent_at),
    finishedAt: date(row.finished_at),
  };
}
