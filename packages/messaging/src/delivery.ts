import { JOURNAL_SERVICE, type RecordInput, recordHistory, type TxContext } from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import type { DeliveryOutcome, MessageChannel, MessageJournalStatus, OutgoingMessage } from './channel.js';
import { afterFinalize } from './finalize-follow-ups.js';
import type { MessageStatus } from './messages.js';
import type { Pacer } from './pacer.js';

/** A message claimed by a worker (`sending`), rendered, about to be handed to the transport. */
export interface ClaimedMessage {
  id: string;
  claimId: string;
  partyId: string;
  template: string;
  requestedBy: string | null;
  outgoing: OutgoingMessage;
}

/**
 * What became of a claimed message: the transport's outcome; `unknown` (a claim found stale after a
 * crash: it may or may not have gone out); `released` (never handed to the transport — the worker
 * was stopping — so it goes back to the queue untouched); or `failed` before sending (a render error).
 */
export type AttemptResult =
  | { message: ClaimedMessage; outcome: DeliveryOutcome; store?: Record<string, string> }
  | { message: ClaimedMessage; outcome: { status: 'unknown'; reason: string } }
  | { message: ClaimedMessage; outcome: { status: 'released' } };

/** Options of {@link deliverAll}. */
export interface DeliverOptions {
  /** Spaces out the starts (direct mail's rate). */
  pacer?: Pacer;
  /** Once aborted, no further message is started: those are released. */
  signal?: AbortSignal;
  /** Called once, as the item at `index` is handed to the transport (the dispatcher claims ahead then). */
  onHandedOver?: { index: number; run: () => void };
}

/**
 * Hands messages to the channel's transport, `concurrency` at a time, each start paced by `pacer`
 * (direct mail's rate). Once `signal` is aborted no further message is started: those are released.
 * A transport that throws is read as a transient failure.
 */
export async function deliverAll(
  channel: MessageChannel,
  items: ReadonlyArray<{ message: ClaimedMessage; store?: Record<string, string> }>,
  options: DeliverOptions = {},
): Promise<AttemptResult[]> {
  const results: AttemptResult[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      const item = items[index]!;
      if (options.pacer) await options.pacer.next(options.signal);
      if (options.signal?.aborted) {
        results[index] = { message: item.message, outcome: { status: 'released' } };
        continue;
      }
      if (index === options.onHandedOver?.index) options.onHandedOver.run();
      let outcome: DeliveryOutcome;
      try {
        outcome = await channel.transport.deliver(item.message.outgoing);
      } catch (error) {
        outcome = { status: 'failed', permanent: false, reason: (error as Error)?.message ?? String(error) };
      }
      results[index] = { message: item.message, outcome, ...(item.store ? { store: item.store } : {}) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(channel.concurrency, items.length) }, worker));
  return results;
}

interface Settled {
  id: string;
  claim_id: string;
  attempt: number;
  status: MessageStatus;
  next_attempt_at: string | null;
  last_error: string | null;
  provider_id: string | null;
  content: Record<string, string> | null;
  outcome: 'sent' | 'transient' | 'permanent' | 'unknown' | null;
  detail: string | null;
  released: boolean;
  /** The id of the journal entry a final outcome records (set on the message with its status). */
  entry_id: string | null;
}

interface Finalized {
  id: string;
  status: MessageStatus;
  journal_entry_id: string | null;
  party_id: string;
  contact_point_id: string | null;
  next_attempt_at: string;
  sent_at: string | null;
}

/** What {@link finalizeAttempts} did. */
export interface FinalizeResult {
  /** Messages that will be tried again, and when. */
  retries: Array<{ id: string; at: Date }>;
  /** Messages that reached a final status (each got its one journal entry). */
  finished: number;
}

const JOURNAL_STATUSES: ReadonlySet<MessageStatus> = new Set(['sent', 'bounced', 'failed', 'unknown']);

/**
 * Records the results of one round of attempts in a fixed number of statements: every message's new
 * status (only if its claim still holds: a claim taken over after a timeout is not overwritten) with
 * the id of its journal entry when the status is final, one attempt row each, the journal entry of
 * every message that reached a final status (with that id; external id `message:<id>`, so even a
 * repeated finalisation records one entry), and the addresses a permanent refusal marked invalid
 * (with the party's history). The link to the entry is checked at commit (a deferred foreign key),
 * so the messages are written once, not a second time once their entries exist.
 */
export async function finalizeAttempts(
  tx: TxContext,
  channel: MessageChannel,
  results: readonly AttemptResult[],
): Promise<FinalizeResult> {
  if (results.length === 0) return { retries: [], finished: 0 };
  const now = Date.now();
  const settled = results.map((r) => settle(channel, r, now));
  for (const row of settled) if (JOURNAL_STATUSES.has(row.status)) row.entry_id = uuidv7();
  const invalid = new Map<string, string>();
  for (const r of results) {
    if (r.outcome.status === 'failed' && r.outcome.permanent && r.outcome.invalidAddress)
      invalid.set(r.message.id, r.outcome.reason);
  }
  const rows = await tx.sql<Finalized>(
    `with r as (
       select * from jsonb_to_recordset($2::jsonb) as r(id uuid, claim_id uuid, attempt int, status text,
         next_attempt_at timestamptz, last_error text, provider_id text, content jsonb, outcome text, detail text,
         released boolean, entry_id uuid)
     ), done as (
       update messaging_message m set
         status = r.status,
         attempts = case when r.released then m.attempts - 1 else m.attempts end,
         next_attempt_at = coalesce(r.next_attempt_at, m.next_attempt_at),
         last_error = coalesce(r.last_error, m.last_error),
         provider_id = coalesce(r.provider_id, m.provider_id),
         content = coalesce(r.content, m.content),
         journal_entry_id = coalesce(r.entry_id, m.journal_entry_id),
         sent_at = case when r.status = 'sent' then now() else m.sent_at end,
         finished_at = case when r.status in ('queued', 'sending') then null else now() end,
         claim_id = null, claimed_at = null
       from r where m.tenant_id = $1 and m.id = r.id and m.status = 'sending' and m.claim_id = r.claim_id
       returning m.id, m.status, m.party_id, m.contact_point_id, m.next_attempt_at, m.sent_at, m.journal_entry_id
     ), attempts as (
       insert into messaging_message_attempt (tenant_id, message_id, attempt, outcome, detail)
       select $1, r.id, r.attempt, r.outcome, r.detail from r join done on done.id = r.id where not r.released
     )
     select * from done`,
    [tx.tenantId, JSON.stringify(settled)],
  );
  const byId = new Map(results.map((r) => [r.message.id, r]));
  const finished = rows.filter((row) => JOURNAL_STATUSES.has(row.status));
  await recordJournal(
    tx,
    channel,
    finished.map((row) => ({ row, result: byId.get(row.id)! })),
  );
  const bounced = rows.filter(
    (row) => row.status === 'bounced' && row.contact_point_id && invalid.has(row.id),
  );
  await markInvalid(
    tx,
    bounced.map((row) => ({ contactPointId: row.contact_point_id!, reason: invalid.get(row.id)! })),
  );
  await afterFinalize(
    tx,
    channel,
    finished.map((row) => ({ row, result: byId.get(row.id)! })),
  );
  const released = new Set(settled.filter((s) => s.released).map((s) => s.id));
  return {
    retries: rows
      .filter((row) => row.status === 'queued' && !released.has(row.id))
      .map((row) => ({ id: row.id, at: new Date(row.next_attempt_at) })),
    finished: finished.length,
  };
}

function settle(channel: MessageChannel, result: AttemptResult, now: number): Settled {
  const { message, outcome } = result;
  const base = {
    id: message.id,
    claim_id: message.claimId,
    attempt: message.outgoing.attempt,
    next_attempt_at: null,
    last_error: null,
    provider_id: null,
    content: null,
    detail: null,
    released: false,
    entry_id: null,
  };
  switch (outcome.status) {
    case 'released':
      return { ...base, status: 'queued', outcome: null, released: true };
    case 'unknown':
      return {
        ...base,
        status: 'unknown',
        outcome: 'unknown',
        detail: outcome.reason,
        last_error: outcome.reason,
      };
    case 'sent':
      return {
        ...base,
        status: 'sent',
        outcome: 'sent',
        provider_id: outcome.providerId ?? null,
        detail: outcome.response ?? null,
        content: 'store' in result ? (result.store ?? null) : null,
      };
    case 'failed': {
      const content = 'store' in result ? (result.store ?? null) : null;
      if (outcome.permanent) {
        return {
          ...base,
          status: outcome.invalidAddress ? 'bounced' : 'failed',
          outcome: 'permanent',
          detail: outcome.reason,
          last_error: outcome.reason,
          content,
        };
      }
      const attempt = message.outgoing.attempt;
      if (attempt >= channel.retry.attempts) {
        return {
          ...base,
          status: 'failed',
          outcome: 'transient',
          detail: outcome.reason,
          last_error: outcome.reason,
          content,
        };
      }
      const delay = channel.retry.delaySeconds * 2 ** (attempt - 1) * 1000;
      return {
        ...base,
        status: 'queued',
        outcome: 'transient',
        detail: outcome.reason,
        last_error: outcome.reason,
        next_attempt_at: new Date(now + delay).toISOString() as never,
      };
    }
  }
}

async function recordJournal(
  tx: TxContext,
  channel: MessageChannel,
  items: ReadonlyArray<{ row: Finalized; result: AttemptResult }>,
): Promise<void> {
  if (items.length === 0) return;
  const entries: RecordInput[] = items.map(({ row, result }) => {
    const status = row.status as MessageJournalStatus;
    const reason =
      result.outcome.status === 'failed' || result.outcome.status === 'unknown'
        ? result.outcome.reason
        : null;
    return {
      // The id the message already points to (set with its status, checked at commit).
      ...(row.journal_entry_id ? { id: row.journal_entry_id } : {}),
      type: channel.activityType,
      occurredAt: row.sent_at ? new Date(row.sent_at) : new Date(),
      ...(result.message.requestedBy ? { employeeId: result.message.requestedBy } : {}),
      parties: [{ partyId: row.party_id, role: 'recipient' }],
      direction: 'outbound',
      subject: { type: 'core.message', id: row.id },
      externalId: `message:${row.id}`,
      data: channel.journalData({
        message: result.message.outgoing,
        status,
        template: result.message.template,
        reason: reason === null ? null : reason.slice(0, 1000),
      }),
    };
  });
  const recorded = await tx.resolve(JOURNAL_SERVICE).recordMany(tx, entries);
  // A message finalised before (its entry recorded under `message:<id>` then) keeps that entry: it
  // points to it instead of the id it was given. Rare, so usually no statement at all.
  const relinked = items.flatMap(({ row }, i) =>
    recorded[i]!.entry.id === row.journal_entry_id ? [] : [{ id: row.id, entryId: recorded[i]!.entry.id }],
  );
  if (relinked.length === 0) return;
  await tx.sql(
    `update messaging_message m set journal_entry_id = r.entry_id
     from unnest($2::uuid[], $3::uuid[]) as r(id, entry_id) where m.tenant_id = $1 and m.id = r.id`,
    [tx.tenantId, relinked.map((r) => r.id), relinked.map((r) => r.entryId)],
  );
}

/** Marks addresses invalid after a permanent refusal (once), with an entry in the party's history. */
export async function markInvalid(
  tx: TxContext,
  items: ReadonlyArray<{ contactPointId: string; reason: string }>,
): Promise<void> {
  if (items.length === 0) return;
  const marked = await tx.sql<{ party_id: string; value: string; invalid_reason: string }>(
    `update core_contact_point cp set invalid_at = now(), invalid_reason = left(r.reason, 500)
     from unnest($2::uuid[], $3::text[]) as r(id, reason)
     where cp.tenant_id = $1 and cp.id = r.id and cp.invalid_at is null
     returning cp.party_id, cp.value, cp.invalid_reason`,
    [tx.tenantId, items.map((i) => i.contactPointId), items.map((i) => i.reason)],
  );
  await recordHistory(
    tx,
    marked.map((m) => ({
      partyId: m.party_id,
      operation: 'contact_point_invalid',
      changes: { value: m.value, reason: m.invalid_reason },
    })),
  );
}
