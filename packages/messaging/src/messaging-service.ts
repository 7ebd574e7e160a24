import {
  assertVisible,
  type CallContext,
  createCallContext,
  DATABASE,
  type Database,
  type Filter,
  InvalidDataError,
  inject,
  injectable,
  JOURNAL_SERVICE,
  NotFoundError,
  parse,
  RapportError,
  recordHistory,
  requireIds,
  requireManager,
  SEGMENT_SERVICE,
  TEMPLATE_SERVICE,
  type TemplateService,
  type TxContext,
  z,
} from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import { prepareAttachments, storeAttachments } from './attachments.js';
import { insertAudience } from './audience.js';
import type { MessageChannel } from './channel.js';
import { checkParts } from './channel-check.js';
import type { ChannelRegistry } from './channel-registry.js';
import { markInvalid } from './delivery.js';
import { notifyAfterCommit, notifyReported } from './message-events.js';
import {
  type Mailing,
  type MailingInput,
  MailingInputSchema,
  type MailingProgress,
  MESSAGE_COLUMNS,
  type Message,
  type MessageAttempt,
  type MessageRow,
  type MessageStatus,
  type SendInput,
  SendInputSchema,
  type SkipReason,
  toMessage,
  type UnsubscribeResult,
} from './messages.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from './options.js';
import { requireRecipient } from './recipients.js';
import { RESERVED_TEMPLATE_KEYS, renderContext } from './render-context.js';
import {
  type ResendInput,
  ResendInputSchema,
  type ResendUnknownInput,
  ResendUnknownInputSchema,
  resendMessage,
  resendUnknownOfMailing,
} from './resend.js';
import { CHANNEL_REGISTRY } from './tokens.js';
import { newUnsubscribeSecret, parseUnsubscribeToken, unsubscribeToken } from './unsubscribe-token.js';

const Id = z.object({ id: z.uuid() });
const id = (value: string, what: string) => parse(Id, { id: value }, what).id.toLowerCase();

const DeliveryReportSchema = z.object({
  status: z.enum(['delivered', 'bounced', 'failed']),
  reason: z.string().trim().min(1).max(1000).optional(),
});
/**
 * A delivery report from the provider (a webhook, a DSN): the message arrived (`delivered`), bounced
 * after all (`bounced`: the address is to blame and is marked invalid), or was not delivered for a
 * reason that does not blame the address (`failed`: handset off, carrier filter, expired).
 */
export type DeliveryReport = z.input<typeof DeliveryReportSchema>;

interface MailingRow {
  id: string;
  name: string;
  channel: string;
  template: string;
  locale: string | null;
  segment_id: string | null;
  filter: Filter;
  rate: string;
  status: Mailing['status'];
  requested_by: string | null;
  created_at: string;
  finished_at: string | null;
}

const MAILING_COLUMNS =
  'id, name, channel, template, locale, segment_id, filter, rate, status, requested_by, created_at, finished_at';

/**
 * Sending messages on any channel a plugin provides: single sends (consent checked, rendered and
 * queued in the caller's transaction), direct mail to a segment, delivery reports, unsubscribe
 * links. Each message gets exactly one journal entry, written when it reaches its outcome.
 */
@injectable()
export class MessagingService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(CHANNEL_REGISTRY) private readonly channels: ChannelRegistry,
    @inject(TEMPLATE_SERVICE) private readonly templates: TemplateService,
    @inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  /**
   * Sends one message to a party (its best address of the channel's kind) or to one of its contact
   * points. Refused with `NOT_ALLOWED` (`details.reason`: `no_address`, `invalid_address`,
   * `opted_out`, `no_consent`) when it may not be sent; a template variable missing from `data` is
   * `INVALID_DATA`. Rendered now, queued in the caller's transaction: it goes out only if that commits.
   * `attachments` are stored with it in that transaction (each content once per tenant, by SHA-256);
   * on a channel without attachments, or past the limits, they are `INVALID_DATA` naming
   * `attachments` / `attachments.N.content`, and nothing is written.
   *
   * @example
   * const message = await crm.services.messaging.send(ctx, {
   *   channel: 'email', partyId, template: 'welcome', data: { offer: '10%' },
   * });
   */
  async send(ctx: CallContext, input: SendInput): Promise<Message> {
    const parsed = parse(SendInputSchema, input, 'message');
    rejectReserved(parsed.data);
    const channel = this.channels.require(parsed.channel);
    const attachments = prepareAttachments(channel, parsed.attachments, this.options.attachments);
    return this.db.transaction(ctx, async (tx) => {
      const recipient = await requireRecipient(tx, channel, parsed);
      const template = await this.templates.resolve(
        tx,
        channel.name,
        parsed.template,
        parsed.locale ?? recipient.party.locale,
      );
      const messageId = uuidv7();
      const secret = newUnsubscribeSecret();
      const unsubscribeUrl = channel.unsubscribeUrl?.(unsubscribeToken(tx.tenantId, secret)) ?? null;
      const rendered = this.templates.renderWith(
        template,
        renderContext(parsed.data, recipient.party, unsubscribeUrl),
      );
      checkParts(channel, rendered.parts);
      const [row] = await tx.sql<MessageRow>(
        `insert into messaging_message (tenant_id, id, channel, party_id, contact_point_id, address, template, locale, data,
           content, status, unsubscribe_secret, requested_by, attachment_count)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, 'queued', $11, $12, $13)
         returning ${MESSAGE_COLUMNS}`,
        [
          tx.tenantId,
          messageId,
          channel.name,
          recipient.party.id,
          recipient.contactPointId,
          recipient.address,
          parsed.template,
          rendered.locale,
          JSON.stringify(parsed.data),
          JSON.stringify(rendered.parts),
          secret,
          tx.actor.kind === 'employee' ? tx.actor.id : null,
          attachments.length,
        ],
      );
      await storeAttachments(tx, 'message', messageId, attachments);
      await tx.enqueue('messaging.deliver', { messageId });
      await notifyAfterCommit(tx, 'messageQueued', {
        tenantId: tx.tenantId,
        channel: channel.name,
        mailingId: null,
        count: 1,
        messages: [
          { id: messageId, partyId: recipient.party.id, mailingId: null, status: 'queued', reason: null },
        ],
      });
      return toMessage(row!);
    });
  }

  /**
   * Direct mail: one template to every party of a saved segment (or a filter) that the actor may
   * see, resolved now with one statement. Recipients without an address, with an invalid one, opted
   * out, or (opt-in channels) without consent are recorded as `skipped` and counted. The template is
   * rendered once per locale now, so a missing variable fails here and nothing is written. A
   * dispatcher job then sends at the mailing's rate; watch it with {@link progress}.
   *
   * @example
   * const { mailing, total, skipped } = await crm.services.messaging.sendToSegment(ctx, {
   *   channel: 'email', segmentId, template: 'spring-offer', data: { discount: '15%' },
   * });
   */
  async sendToSegment(ctx: CallContext, input: MailingInput): Promise<MailingProgress> {
    const parsed = parse(MailingInputSchema, input, 'mailing');
    rejectReserved(parsed.data);
    const channel = this.channels.require(parsed.channel);
    if (!channel.unsubscribeUrl) {
      throw new RapportError(
        'PLUGIN_MISCONFIGURED',
        `The ${channel.name} channel has no unsubscribe link configured: direct mail must carry one`,
        { details: { plugins: [], channel: channel.name } },
      );
    }
    const locale = parsed.locale ?? null;
    const attachments = prepareAttachments(channel, parsed.attachments, this.options.attachments);
    return this.db.transaction(ctx, async (tx) => {
      const segments = tx.resolve(SEGMENT_SERVICE);
      // The filter is read once and both recorded on the mailing and resolved into its recipients,
      // in this transaction: what was sent is what the mailing says, whatever the segment becomes.
      const filter = parsed.segmentId ? (await segments.get(tx, parsed.segmentId)).filter : parsed.filter!;
      const predicate = await segments.predicate(tx, filter);
      await this.templates.resolve(tx, channel.name, parsed.template, locale);
      const mailingId = uuidv7();
      await tx.sql(
        `insert into messaging_mailing (tenant_id, id, name, channel, template, locale, data, segment_id, filter, rate, status,
           requested_by, actor, attachment_count)
         values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9::jsonb, $10, 'running', $11, $12::jsonb, $13)`,
        [
          tx.tenantId,
          mailingId,
          parsed.name ?? `${parsed.template} ${new Date().toISOString().slice(0, 16)}`,
          channel.name,
          parsed.template,
          locale,
          JSON.stringify(parsed.data),
          parsed.segmentId ?? null,
          JSON.stringify(filter),
          parsed.rate ?? channel.rate,
          tx.actor.kind === 'employee' ? tx.actor.id : null,
          JSON.stringify(tx.actor),
          attachments.length,
        ],
      );
      // Stored once for the mailing: its messages share them (the dispatcher reads them once per run).
      await storeAttachments(tx, 'mailing', mailingId, attachments);
      await insertAudience(tx, channel, { mailingId, template: parsed.template, locale, predicate });
      await this.checkRenders(tx, channel, mailingId, parsed.data);
      await tx.enqueue('messaging.dispatch', { mailingId }, { singletonKey: `mailing:${mailingId}` });
      const progress = await this.progressIn(tx, mailingId);
      // One event for the whole mailing, however many recipients: taps read the messages by mailing.
      await notifyAfterCommit(tx, 'messageQueued', {
        tenantId: tx.tenantId,
        channel: channel.name,
        mailingId,
        count: progress.byStatus.queued,
        messages: [],
      });
      return progress;
    });
  }

  /** A mailing's counts by status and skip reason (one query), and whether it is done. */
  async progress(ctx: CallContext, mailingId: string): Promise<MailingProgress> {
    requireIds('messaging', { mailingId });
    const cid = id(mailingId, 'mailing');
    return this.db.transaction(ctx, (tx) => this.progressIn(tx, cid));
  }

  /**
   * Cancels a running mailing: its messages not yet handed to the transport become `skipped`
   * (`cancelled`); those being sent finish. A mailing that is over is a conflict.
   */
  async cancel(ctx: CallContext, mailingId: string): Promise<MailingProgress> {
    requireIds('messaging', { mailingId });
    const cid = id(mailingId, 'mailing');
    return this.db.transaction(ctx, async (tx) => {
      const [mailing] = await tx.sql<{ status: string; requested_by: string | null }>(
        'select status, requested_by from messaging_mailing where tenant_id = $1 and id = $2 for update',
        [tx.tenantId, cid],
      );
      if (!mailing) throw new NotFoundError('Mailing', cid);
      if (tx.actor.kind === 'employee' && mailing.requested_by !== tx.actor.id) await requireManager(tx);
      if (mailing.status !== 'running') {
        throw new RapportError('CONFLICT', `Mailing ${cid} is ${mailing.status}: it cannot be cancelled`, {
          details: { id: cid, status: mailing.status },
        });
      }
      await tx.sql(
        `update messaging_message set status = 'skipped', skip_reason = 'cancelled', finished_at = now(), unsubscribe_secret = null
         where tenant_id = $1 and mailing_id = $2 and status = 'queued'`,
        [tx.tenantId, cid],
      );
      await tx.sql(
        `update messaging_mailing set status = 'cancelled', finished_at = now() where tenant_id = $1 and id = $2`,
        [tx.tenantId, cid],
      );
      return this.progressIn(tx, cid);
    });
  }

  /** One message (visible when its party is). */
  async get(ctx: CallContext, messageId: string): Promise<Message> {
    requireIds('messaging', { messageId });
    const mid = id(messageId, 'message');
    return this.db.transaction(ctx, async (tx) => {
      const [row] = await tx.sql<MessageRow>(
        `select ${MESSAGE_COLUMNS} from messaging_message where tenant_id = $1 and id = $2`,
        [tx.tenantId, mid],
      );
      if (!row) throw new NotFoundError('Message', mid);
      await assertVisible(tx, [row.party_id]);
      return toMessage(row);
    });
  }

  /** The messages of a party, newest first. */
  async forParty(ctx: CallContext, partyId: string, options: { limit?: number } = {}): Promise<Message[]> {
    requireIds('messaging', { partyId });
    const pid = id(partyId, 'party');
    const limit = parse(z.int().min(1).max(1000).default(100), options.limit, 'limit');
    return this.db.transaction(ctx, async (tx) => {
      await assertVisible(tx, [pid]);
      const rows = await tx.sql<MessageRow>(
        `select ${MESSAGE_COLUMNS} from messaging_message where tenant_id = $1 and party_id = $2 order by id desc limit $3`,
        [tx.tenantId, pid, limit],
      );
      return rows.map(toMessage);
    });
  }

  /** Every delivery attempt of a message, oldest first. */
  async attempts(ctx: CallContext, messageId: string): Promise<MessageAttempt[]> {
    requireIds('messaging', { messageId });
    const message = await this.get(ctx, messageId);
    return this.db.transaction(ctx, async (tx) => {
      const rows = await tx.sql<{
        attempt: number;
        at: string;
        outcome: MessageAttempt['outcome'];
        detail: string | null;
      }>(
        'select attempt, at, outcome, detail from messaging_message_attempt where tenant_id = $1 and message_id = $2 order by attempt',
        [tx.tenantId, message.id],
      );
      return rows.map((r) => ({ ...r, at: new Date(r.at) }));
    });
  }

  /**
   * Sends again a message whose outcome is `unknown` (its worker died while sending: it may or may
   * not have gone out). An explicit, audited decision of a manager or administrator (`NOT_ALLOWED`
   * otherwise): the message goes back to `queued` with the same content and unsubscribe link, a trail
   * row records who, when and why, its journal entry is amended, and the party's history notes it.
   * Any other status is a `CONFLICT` naming it.
   *
   * @example
   * await crm.services.messaging.resend(ctx, messageId, { reason: 'provider confirmed it never arrived' });
   */
  async resend(ctx: CallContext, messageId: string, input: ResendInput): Promise<Message> {
    requireIds('messaging', { messageId });
    const mid = id(messageId, 'message');
    const { reason } = parse(ResendInputSchema, input, 'resend');
    return this.db.transaction(ctx, async (tx) => {
      await resendMessage(tx, mid, reason);
      const [row] = await tx.sql<MessageRow>(
        `select ${MESSAGE_COLUMNS} from messaging_message where tenant_id = $1 and id = $2`,
        [tx.tenantId, mid],
      );
      return toMessage(row!);
    });
  }

  /**
   * Sends again, at the mailing's rate, every `unknown` message of a mailing whose party the actor may
   * see (one statement; each audited as {@link resend} does). Returns how many were re-queued. A
   * cancelled mailing is a `CONFLICT`; a completed one runs again until they are sent.
   */
  async resendUnknown(ctx: CallContext, input: ResendUnknownInput): Promise<number> {
    const { mailingId, reason } = parse(ResendUnknownInputSchema, input, 'resend');
    return this.db.transaction(ctx, (tx) => resendUnknownOfMailing(tx, mailingId, reason));
  }

  /**
   * Records what the provider reported later: `delivered`, `bounced` (the address is then marked
   * invalid) or `failed` (not delivered, the address is not to blame: it stays usable). The
   * message's one journal entry is corrected (amended, with the reason), not duplicated. After
   * commit, `delivered` fires `messageDelivered` and `bounced` / `failed` fire `messageFailed`; a
   * report repeating the message's status changes nothing and fires nothing.
   */
  async reportDelivery(ctx: CallContext, messageId: string, report: DeliveryReport): Promise<Message> {
    requireIds('messaging', { messageId });
    const mid = id(messageId, 'message');
    const { status, reason } = parse(DeliveryReportSchema, report, 'delivery report');
    return this.db.transaction(ctx, async (tx) => {
      const [row] = await tx.sql<MessageRow>(
        `select ${MESSAGE_COLUMNS} from messaging_message where tenant_id = $1 and id = $2 for update`,
        [tx.tenantId, mid],
      );
      if (!row) throw new NotFoundError('Message', mid);
      await assertVisible(tx, [row.party_id]);
      if (row.status === status) return toMessage(row);
      if (
        !(['sent', 'unknown', 'delivered'] as MessageStatus[]).includes(row.status) ||
        !row.journal_entry_id
      ) {
        throw new RapportError(
          'CONFLICT',
          `Message ${mid} is ${row.status}: it cannot be reported ${status}`,
          {
            details: { id: mid, status: row.status },
          },
        );
      }
      const journal = tx.resolve(JOURNAL_SERVICE);
      const entry = await journal.get(tx, row.journal_entry_id);
      const amended = await journal.amend(tx, entry.id, {
        data: { ...entry.data, status, ...(reason ? { reason } : {}) },
        reason: `message ${status}`,
      });
      const [updated] = await tx.sql<MessageRow>(
        `update messaging_message set status = $3, last_error = coalesce($4, last_error), journal_entry_id = $5, finished_at = now()
         where tenant_id = $1 and id = $2 returning ${MESSAGE_COLUMNS}`,
        [tx.tenantId, mid, status, status === 'delivered' ? null : (reason ?? status), amended.id],
      );
      if (status === 'bounced' && row.contact_point_id)
        await markInvalid(tx, [{ contactPointId: row.contact_point_id, reason: reason ?? 'bounced' }]);
      await notifyReported(tx, updated!);
      return toMessage(updated!);
    });
  }

  /**
   * Redeems an unsubscribe token (from a link or a one-click `List-Unsubscribe-Post`): records an
   * opt-out of the message's channel in the party's consent trail. Public: the token names its
   * tenant; nothing else is needed. Idempotent: redeeming again records nothing more.
   */
  async redeemUnsubscribe(token: string): Promise<UnsubscribeResult> {
    const { tenantId, secret } = parseUnsubscribeToken(token);
    const ctx: CallContext = createCallContext({
      tenantId,
      actor: { kind: 'system', name: 'unsubscribe-link' },
    });
    return this.db.transaction(ctx, async (tx) => {
      const [message] = await tx.sql<{
        id: string;
        party_id: string;
        channel: string;
        contact_point_id: string | null;
      }>(
        `select id, party_id, channel, contact_point_id from messaging_message
         where tenant_id = $1 and unsubscribe_secret = $2 and erased_at is null`,
        [tenantId, secret],
      );
      if (!message) throw new NotFoundError('Unsubscribe token', '(given)');
      const channel = this.channels.require(message.channel);
      const alreadyOptedOut = await optOut(tx, message, channel.consentChannel);
      await tx.sql(
        'update messaging_message set unsubscribed_at = coalesce(unsubscribed_at, now()) where tenant_id = $1 and id = $2',
        [tenantId, message.id],
      );
      return { tenantId, partyId: message.party_id, channel: channel.consentChannel, alreadyOptedOut };
    });
  }

  private async checkRenders(
    tx: TxContext,
    channel: MessageChannel,
    mailingId: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    // One recipient per locale: every template variant the mailing will use is rendered once now.
    const samples = await tx.sql<
      { channel: string; template: string; locale: string | null } & Record<string, any>
    >(
      `select distinct on (m.locale) m.channel, m.template, m.locale, p.id as party_id, p.kind as party_kind,
         p.display_name, p.given_name, p.family_name, p.organization_name, p.locale as party_locale
       from messaging_message m join core_party p on p.tenant_id = m.tenant_id and p.id = m.party_id
       where m.tenant_id = $1 and m.mailing_id = $2 and m.status = 'queued' order by m.locale, m.id`,
      [tx.tenantId, mailingId],
    );
    // A link as long as the real ones (same tenant, a secret of the same length): the channel's
    // check sees the length the messages will have.
    const sampleLink =
      channel.unsubscribeUrl?.(unsubscribeToken(tx.tenantId, '0'.repeat(newUnsubscribeSecret().length))) ??
      'https://unsubscribe.invalid/sample';
    for (const sample of samples) {
      const template = await this.templates.resolve(tx, sample.channel, sample.template, sample.locale);
      const rendered = this.templates.renderWith(
        template,
        renderContext(
          data,
          {
            id: sample.party_id,
            kind: sample.party_kind,
            displayName: sample.display_name,
            givenName: sample.given_name,
            familyName: sample.family_name,
            organizationName: sample.organization_name,
            locale: sample.party_locale,
          },
          sampleLink,
        ),
      );
      checkParts(channel, rendered.parts);
    }
  }

  private async progressIn(tx: TxContext, mailingId: string): Promise<MailingProgress> {
    const [mailing] = await tx.sql<MailingRow>(
      `select ${MAILING_COLUMNS} from messaging_mailing where tenant_id = $1 and id = $2`,
      [tx.tenantId, mailingId],
    );
    if (!mailing) throw new NotFoundError('Mailing', mailingId);
    const counts = await tx.sql<{ status: MessageStatus; skip_reason: SkipReason | null; count: number }>(
      `select status, skip_reason, count(*)::int as count from messaging_message
       where tenant_id = $1 and mailing_id = $2 group by status, skip_reason`,
      [tx.tenantId, mailingId],
    );
    const byStatus: Record<MessageStatus, number> = {
      queued: 0,
      sending: 0,
      sent: 0,
      delivered: 0,
      bounced: 0,
      failed: 0,
      skipped: 0,
      unknown: 0,
    };
    const skipped: Record<SkipReason, number> = {
      no_address: 0,
      invalid_address: 0,
      opted_out: 0,
      no_consent: 0,
      cancelled: 0,
      erased: 0,
    };
    for (const c of counts) {
      byStatus[c.status] += c.count;
      if (c.skip_reason) skipped[c.skip_reason] += c.count;
    }
    return {
      mailing: toMailing(mailing),
      total: counts.reduce((sum, c) => sum + c.count, 0),
      byStatus,
      skipped,
      done: byStatus.queued === 0 && byStatus.sending === 0,
    };
  }
}

/** Records an opt-out unless the party's latest statement for the channel is one already. */
async function optOut(
  tx: TxContext,
  message: { id: string; party_id: string; contact_point_id: string | null },
  channel: string,
): Promise<boolean> {
  // Serialises redemptions for one party and channel: two clicks record one opt-out.
  await tx.sql('select pg_advisory_xact_lock(hashtextextended($1, 0))', [
    `${tx.tenantId}:consent:${message.party_id}:${channel}`,
  ]);
  const [latest] = await tx.sql<{ status: string }>(
    `select status from core_consent where tenant_id = $1 and party_id = $2 and channel = $3
     order by at desc, id desc limit 1`,
    [tx.tenantId, message.party_id, channel],
  );
  if (latest?.status === 'opted_out') return true;
  await tx.sql(
    `insert into core_consent (tenant_id, id, party_id, channel, contact_point_id, status, source, at, actor)
     values ($1, $2, $3, $4, $5, 'opted_out', $6, now(), $7::jsonb)`,
    [
      tx.tenantId,
      uuidv7(),
      message.party_id,
      channel,
      message.contact_point_id,
      `unsubscribe link of message ${message.id}`,
      JSON.stringify(tx.actor),
    ],
  );
  await recordHistory(tx, [
    {
      partyId: message.party_id,
      operation: 'consent',
      changes: { [`consent.${channel}`]: 'opted_out', source: 'unsubscribe link' },
    },
  ]);
  return false;
}

function rejectReserved(data: Record<string, unknown>): void {
  const taken = RESERVED_TEMPLATE_KEYS.filter((key) => key in data);
  if (taken.length > 0) {
    throw new InvalidDataError(
      'message data',
      taken.map((key) => ({ path: `data.${key}`, message: `"${key}" is filled in by core`, code: 'custom' })),
    );
  }
}

function toMailing(row: MailingRow): Mailing {
  return {
    id: row.id,
    name: row.name,
    channel: row.channel,
    template: row.template,
    locale: row.locale,
    segmentId: row.segment_id,
    filter: row.filter,
    rate: Number(row.rate),
    status: row.status,
    requestedBy: row.requested_by,
    createdAt: new Date(row.created_at),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at),
  };
}
