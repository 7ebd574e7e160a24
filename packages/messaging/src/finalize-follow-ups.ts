import { JOURNAL_SERVICE, type TxContext } from '@rapport/core/plugin';
import type { MessageChannel, MessageJournalStatus } from './channel.js';
import type { AttemptResult } from './delivery.js';
import { notifyOutcomes } from './message-events.js';
import type { MessageStatus } from './messages.js';

/** A message that reached an outcome in one round of finalisation, as `finalizeAttempts` has it. */
export interface FinishedMessage {
  row: { id: string; status: MessageStatus; party_id: string };
  result: AttemptResult;
}

/**
 * What follows the recording of outcomes, in the same transaction: a message that had been re-sent
 * (`messaging.resend`) gets its outcome as an amendment of its journal entry — the entry its
 * re-send left — rather than none (the journal keeps one entry per message, keyed `message:<id>`);
 * then `messageSent` / `messageFailed` are registered to fire after commit.
 */
export async function afterFinalize(
  tx: TxContext,
  channel: MessageChannel,
  finished: readonly FinishedMessage[],
): Promise<void> {
  if (finished.length === 0) return;
  await amendResent(tx, channel, finished);
  await notifyOutcomes(
    tx,
    channel.name,
    finished.map(({ row, result }) => ({
      id: row.id,
      partyId: row.party_id,
      mailingId: result.message.outgoing.mailingId,
      status: row.status,
      reason: reasonOf(result),
    })),
  );
}

async function amendResent(
  tx: TxContext,
  channel: MessageChannel,
  all: readonly FinishedMessage[],
): Promise<void> {
  // A re-sent message is at its second attempt at least: first attempts (nearly every message) cost
  // no query here.
  const finished = all.filter((f) => f.result.message.outgoing.attempt >= 2);
  if (finished.length === 0) return;
  const heads = await tx.sql<{ message_id: string; journal_entry_id: string }>(
    `select distinct on (message_id) message_id, journal_entry_id from messaging_message_resend
     where tenant_id = $1 and message_id = any($2::uuid[]) and journal_entry_id is not null
     order by message_id, at desc, id desc`,
    [tx.tenantId, finished.map((f) => f.row.id)],
  );
  if (heads.length === 0) return;
  const journal = tx.resolve(JOURNAL_SERVICE);
  const byId = new Map(finished.map((f) => [f.row.id, f]));
  const amended: Array<{ id: string; entryId: string }> = [];
  for (const head of heads) {
    const { row, result } = byId.get(head.message_id)!;
    const reason = reasonOf(result);
    const entry = await journal.amend(tx, head.journal_entry_id, {
      data: channel.journalData({
        message: result.message.outgoing,
        status: row.status as MessageJournalStatus,
        template: result.message.template,
        reason: reason === null ? null : reason.slice(0, 1000),
      }),
      reason: `message ${row.status} after a re-send`,
    });
    amended.push({ id: row.id, entryId: entry.id });
  }
  await tx.sql(
    `update messaging_message m set journal_entry_id = r.entry_id
     from unnest($2::uuid[], $3::uuid[]) as r(id, entry_id) where m.tenant_id = $1 and m.id = r.id`,
    [tx.tenantId, amended.map((a) => a.id), amended.map((a) => a.entryId)],
  );
}

function reasonOf(result: AttemptResult): string | null {
  return result.outcome.status === 'failed' || result.outcome.status === 'unknown'
    ? result.outcome.reason
    : null;
}
