import {
  type CallContext,
  type CompiledTemplate,
  createCallContext,
  DATABASE,
  type Database,
  InvalidDataError,
  inject,
  injectable,
  LOGGER,
  type Logger,
  PluginError,
  RapportError,
  TEMPLATE_SERVICE,
  type TemplateService,
  type TxContext,
} from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import { loadAttachments } from './attachments.js';
import type { MessageChannel, OutgoingAttachment } from './channel.js';
import { rejectedParts } from './channel-check.js';
import type { ChannelRegistry } from './channel-registry.js';
import { type AttemptResult, type ClaimedMessage, deliverAll, finalizeAttempts } from './delivery.js';
import { Pacer } from './pacer.js';
import { TEMPLATE_PARTY_COLUMNS, type TemplatePartyRow, templatePartyOf } from './recipients.js';
import { renderContext } from './render-context.js';
import { deferUntilAllowed } from './send-time.js';
import { singlePacer } from './single-pacer.js';
import { recoverStaleClaims } from './stale-claims.js';
import { CHANNEL_REGISTRY } from './tokens.js';
import { unsubscribeToken } from './unsubscribe-token.js';

/** The actor of the workers' own transactions. */
export const MESSAGING_ACTOR = Object.freeze({ kind: 'system', name: 'messaging' } as const);

/** How long one dispatcher job keeps sending before it hands over to the next one. */
const RUN_SECONDS = 30;

interface ClaimRow extends TemplatePartyRow {
  id: string;
  claim_id: string;
  channel: string;
  mailing_id: string | null;
  address: string;
  locale: string | null;
  attempts: number;
  template: string;
  requested_by: string | null;
  content: Record<string, string> | null;
  unsubscribe_secret: string | null;
  attachment_count: number;
}

const CLAIMED = `c.id, c.claim_id, c.channel, c.mailing_id, c.address, c.locale, c.attempts, c.template, c.requested_by,
  c.content, c.unsubscribe_secret, c.attachment_count, ${TEMPLATE_PARTY_COLUMNS}`;
const RETURNING = `m.id, m.claim_id, m.channel, m.mailing_id, m.party_id, m.address, m.locale, m.attempts, m.template,
  m.requested_by, m.content, m.unsubscribe_secret, m.attachment_count`;

/**
 * The workers' side of messaging: delivers single messages and dispatches direct mail. Every send is
 * claimed (`sending`, its own committed transaction) before it is handed to the transport, and its
 * outcome is written in another; a claim that outlived the channel's claim timeout is taken as a
 * crashed send and becomes `unknown` — never sent again automatically (at most once).
 */
@injectable()
export class MessageDispatcher {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(CHANNEL_REGISTRY) private readonly channels: ChannelRegistry,
    @inject(TEMPLATE_SERVICE) private readonly templates: TemplateService,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Delivers one single message (the `messaging.deliver` job); a no-op when it is not due. */
  async deliverOne(tenantId: string, messageId: string): Promise<void> {
    const ctx: CallContext = createCallContext({ tenantId, actor: MESSAGING_ACTOR });
    const claimId = uuidv7();
    const claimed = await this.db.transaction(ctx, async (tx) => {
      const rows = await tx.sql<ClaimRow>(
        `with c as (
           update messaging_message m set status = 'sending', attempts = m.attempts + 1, claimed_at = now(), claim_id = $3
           where m.tenant_id = $1 and m.id = $2 and m.status = 'queued' and m.next_attempt_at <= now()
           returning ${RETURNING}
         ) select ${CLAIMED} from c join core_party p on p.tenant_id = $1 and p.id = c.party_id`,
        [tenantId, messageId, claimId],
      );
      const row = rows[0];
      if (row) {
        // A process without the channel's plugin must not hold the claim: roll it back, retry later.
        if (!this.channels.get(row.channel)) {
          throw new PluginError(`No installed plugin provides the channel "${row.channel}" in this process`, {
            plugins: [],
            channel: row.channel,
          });
        }
        // Read with the claim, only for a message that has any: the usual one costs no query.
        const attachments =
          row.attachment_count > 0 ? await loadAttachments(tx, 'message', row.id) : undefined;
        return { row, attachments };
      }
      const [current] = await tx.sql<{ channel: string; status: string }>(
        'select channel, status from messaging_message where tenant_id = $1 and id = $2',
        [tenantId, messageId],
      );
      if (current?.status === 'sending')
        await this.recoverStale(tx, this.channels.require(current.channel), { messageId });
      return undefined;
    });
    if (!claimed) return;
    const channel = this.channels.require(claimed.row.channel);
    const message = this.claimedOf(
      tenantId,
      channel,
      claimed.row,
      claimed.row.content ?? {},
      claimed.attachments,
    );
    const results = await deliverAll(channel, [{ message }], { pacer: singlePacer(channel) });
    await this.db.transaction(ctx, async (tx) => {
      const { retries } = await finalizeAttempts(tx, channel, results);
      for (const retry of retries) {
        await tx.enqueue('messaging.deliver', { messageId: retry.id }, { startAfter: retry.at });
      }
    });
  }

  /**
   * Sends a mailing's due messages a chunk at a time, paced to its rate, for up to half a minute or
   * until the queue stops, then hands over to a new dispatcher job (all state is in the rows, so a
   * restart anywhere resumes where it was). Completes the mailing when nothing is left.
   */
  async dispatch(tenantId: string, mailingId: string, signal: AbortSignal): Promise<void> {
    const ctx: CallContext = createCallContext({ tenantId, actor: MESSAGING_ACTOR });
    const { mailing, attachments } = await this.db.transaction(ctx, async (tx) => {
      const [row] = await tx.sql<{
        channel: string;
        status: string;
        rate: string;
        data: Record<string, unknown>;
        attachment_count: number;
      }>(
        'select channel, status, rate, data, attachment_count from messaging_mailing where tenant_id = $1 and id = $2',
        [tenantId, mailingId],
      );
      // A mailing's files are read once per run, and only when it has any: chunks read nothing more.
      const files =
        row && row.attachment_count > 0 ? await loadAttachments(tx, 'mailing', mailingId) : undefined;
      return { mailing: row, attachments: files };
    });
    if (mailing?.status !== 'running') return;
    const channel = this.channels.require(mailing.channel);
    const rate = Number(mailing.rate);
    const pacer = new Pacer(rate);
    // A chunk is at most about two seconds of sending: claimed messages wait little, and a crash
    // leaves few of them `unknown` (at most a chunk and a half: the one sending and the one claimed next).
    const chunk = Math.max(1, Math.min(channel.batchSize, Math.ceil(rate * 2)));
    const deadline = Date.now() + RUN_SECONDS * 1000;
    // Three stages overlap, so the transport never waits for the database: once half of chunk N has
    // been handed over, chunk N+1 is claimed and rendered (its claim committed before any of it is
    // handed over) while the rest of N goes out, and the outcomes of chunk N-1 are written meanwhile
    // (one write in flight). Claiming only half a chunk ahead keeps cancellation close to what it
    // was: what is claimed counts as going out. Each promise settles to its error, if any, so a
    // failure is never an unhandled rejection while sending.
    let recording: Promise<unknown> = Promise.resolve(undefined);
    const recorded = async () => {
      const error = await recording;
      if (error) throw error;
    };
    let next: Promise<Settled<ClaimedChunk>> | undefined;
    // A run that is stopping or past its time claims nothing more.
    const claimNext = () => {
      if (next || signal.aborted || Date.now() >= deadline) return;
      next = settled(this.claimChunk(ctx, channel, mailingId, chunk, mailing.data, attachments));
    };
    claimNext();
    while (next) {
      const claimed: Settled<ClaimedChunk> = await next;
      next = undefined;
      if ('error' in claimed) {
        await recorded();
        throw claimed.error;
      }
      if (claimed.value.claimed === 0) {
        await recorded();
        await this.afterLastChunk(ctx, mailingId, channel);
        return;
      }
      const { rendered } = claimed.value;
      const ready = rendered.filter((r): r is Rendered => !('error' in r));
      const results: AttemptResult[] = [
        ...rendered
          .filter((r): r is RenderFailure => 'error' in r)
          .map((r) => ({
            message: r.message,
            outcome: { status: 'failed' as const, permanent: true, reason: r.error },
          })),
        // A chunk claimed just before a stop is never handed over: `deliverAll` releases it.
        ...(await deliverAll(channel, ready, {
          pacer,
          signal,
          onHandedOver: { index: Math.floor(ready.length / 2), run: claimNext },
        })),
      ];
      claimNext();
      try {
        await recorded();
      } catch (error) {
        if (next) await this.release(ctx, channel, next);
        throw error;
      }
      recording = this.db
        .transaction(ctx, (tx) => finalizeAttempts(tx, channel, results))
        .then(
          () => undefined,
          (error: unknown) => error,
        );
    }
    await recorded();
    await this.db.transaction(ctx, (tx) => this.continueLater(tx, mailingId));
  }

  /**
   * Puts a chunk claimed ahead back in the queue when the run fails before sending it (none of it
   * was handed to the transport). Should that fail too, its claim times out and it becomes `unknown`.
   */
  private async release(
    ctx: CallContext,
    channel: MessageChannel,
    pending: Promise<Settled<ClaimedChunk>>,
  ): Promise<void> {
    const claimed = await pending;
    if ('error' in claimed || claimed.value.rendered.length === 0) return;
    const results = claimed.value.rendered.map((r) => ({
      message: r.message,
      outcome: { status: 'released' as const },
    }));
    try {
      await this.db.transaction(ctx, (tx) => finalizeAttempts(tx, channel, results));
    } catch (error) {
      this.logger.warn('a chunk claimed ahead could not be released; its claim will time out', {
        channel: channel.name,
        count: results.length,
        error,
      });
    }
  }

  /** Claims (`sending`, committed) and renders up to `limit` due messages of a mailing. */
  private async claimChunk(
    ctx: CallContext,
    channel: MessageChannel,
    mailingId: string,
    limit: number,
    data: Record<string, unknown>,
    attachments?: readonly OutgoingAttachment[],
  ): Promise<ClaimedChunk> {
    const claimId = uuidv7();
    return this.db.transaction(ctx, async (tx) => {
      await this.recoverStale(tx, channel, { mailingId });
      const rows = await tx.sql<ClaimRow>(
        // The pick is a materialised CTE: as an `in (subquery)` the planner may run the locking
        // subquery more than once and claim more than the limit.
        `with picked as materialized (
           select id from messaging_message where tenant_id = $1 and mailing_id = $2 and status = 'queued'
             and next_attempt_at <= now() order by next_attempt_at, id limit $4 for update skip locked
         ), c as (
           update messaging_message m set status = 'sending', attempts = m.attempts + 1, claimed_at = now(), claim_id = $3
           from picked where m.tenant_id = $1 and m.id = picked.id
           returning ${RETURNING}
         ) select ${CLAIMED} from c join core_party p on p.tenant_id = $1 and p.id = c.party_id order by c.id`,
        [tx.tenantId, mailingId, claimId, limit],
      );
      // Messages the channel holds back (quiet hours) go back to the queue, due when they may go.
      const due = await deferUntilAllowed(tx, channel, rows);
      return { claimed: rows.length, rendered: await this.renderAll(tx, channel, due, data, attachments) };
    });
  }

  private async renderAll(
    tx: TxContext,
    channel: MessageChannel,
    rows: readonly ClaimRow[],
    data: Record<string, unknown>,
    attachments?: readonly OutgoingAttachment[],
  ): Promise<Array<Rendered | RenderFailure>> {
    const templates = new Map<string, Promise<CompiledTemplate>>();
    const out: Array<Rendered | RenderFailure> = [];
    for (const row of rows) {
      const key = `${row.template}\u0000${row.locale ?? ''}`;
      let template = templates.get(key);
      if (!template) {
        template = this.templates.resolve(tx, channel.name, row.template, row.locale);
        templates.set(key, template);
      }
      const unsubscribeUrl = this.unsubscribeUrlOf(tx.tenantId, channel, row);
      try {
        const rendered = this.templates.renderWith(
          await template,
          renderContext(data, templatePartyOf(row), unsubscribeUrl),
        );
        const message = this.claimedOf(tx.tenantId, channel, row, rendered.parts, attachments);
        const rejected = rejectedParts(channel, rendered.parts);
        out.push(rejected ? { message, error: rejected } : { message, store: rendered.parts });
      } catch (error) {
        if (!(error instanceof InvalidDataError) && !RapportError.is(error, 'NOT_FOUND')) throw error;
        const reason = `template: ${(error as Error).message} ${JSON.stringify((error as InvalidDataError).details?.issues ?? [])}`;
        out.push({ message: this.claimedOf(tx.tenantId, channel, row, {}), error: reason.slice(0, 1000) });
      }
    }
    return out;
  }

  private claimedOf(
    tenantId: string,
    channel: MessageChannel,
    row: ClaimRow,
    parts: Record<string, string>,
    attachments?: readonly OutgoingAttachment[],
  ): ClaimedMessage {
    return {
      id: row.id,
      claimId: row.claim_id,
      partyId: row.party_id,
      template: row.template,
      requestedBy: row.requested_by,
      outgoing: {
        id: row.id,
        tenantId,
        channel: channel.name,
        to: row.address,
        parts,
        mailingId: row.mailing_id,
        unsubscribeUrl: this.unsubscribeUrlOf(tenantId, channel, row),
        attempt: row.attempts,
        ...(attachments ? { attachments } : {}),
      },
    };
  }

  private unsubscribeUrlOf(tenantId: string, channel: MessageChannel, row: ClaimRow): string | null {
    if (!channel.unsubscribeUrl || !row.unsubscribe_secret) return null;
    return channel.unsubscribeUrl(unsubscribeToken(tenantId, row.unsubscribe_secret));
  }

  /** Marks claims that outlived the channel's claim timeout `unknown` (see {@link recoverStaleClaims}). */
  private async recoverStale(
    tx: TxContext,
    channel: MessageChannel,
    scope: { messageId: string } | { mailingId: string },
  ): Promise<void> {
    await recoverStaleClaims(tx, channel, scope, this.logger);
  }

  private async afterLastChunk(ctx: CallContext, mailingId: string, channel: MessageChannel): Promise<void> {
    await this.db.transaction(ctx, async (tx) => {
      const [state] = await tx.sql<{ next_due: string | null; oldest_claim: string | null }>(
        `select min(next_attempt_at) filter (where status = 'queued') as next_due,
                min(claimed_at) filter (where status = 'sending') as oldest_claim
         from messaging_message where tenant_id = $1 and mailing_id = $2 and status in ('queued', 'sending')`,
        [tx.tenantId, mailingId],
      );
      if (state?.next_due) return this.continueLater(tx, mailingId, new Date(state.next_due));
      if (state?.oldest_claim) {
        const at = new Date(
          new Date(state.oldest_claim).getTime() + channel.claimTimeoutSeconds * 1000 + 1000,
        );
        return this.continueLater(tx, mailingId, at);
      }
      await tx.sql(
        `update messaging_mailing set status = 'completed', finished_at = now()
         where tenant_id = $1 and id = $2 and status = 'running'`,
        [tx.tenantId, mailingId],
      );
    });
  }

  private async continueLater(tx: TxContext, mailingId: string, at?: Date): Promise<void> {
    await tx.enqueue(
      'messaging.dispatch',
      { mailingId },
      { singletonKey: `mailing:${mailingId}`, ...(at ? { startAfter: at } : {}) },
    );
  }
}

interface ClaimedChunk {
  /** Messages claimed (0: nothing is due), including those then held back by the channel. */
  claimed: number;
  rendered: Array<Rendered | RenderFailure>;
}

type Settled<T> = { value: T } | { error: unknown };

/** Settles a promise to its value or its error, so that it can wait without an unhandled rejection. */
function settled<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

interface Rendered {
  message: ClaimedMessage;
  store: Record<string, string>;
}

interface RenderFailure {
  message: ClaimedMessage;
  error: string;
}
