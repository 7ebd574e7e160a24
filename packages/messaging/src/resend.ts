import {
  assertVisible,
  JOURNAL_SERVICE,
  NotFoundError,
  paramBinder,
  RapportError,
  recordHistory,
  requireManager,
  type TxContext,
  visibilityOf,
  visibilitySql,
  z,
} from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import { notifyAfterCommit } from './message-events.js';

/** What `messaging.resend` takes: why the message is sent again (kept in the audit trail). */
export const ResendInputSchema = z.object({ reason: z.string().trim().min(1).max(1000) });
/** What `messaging.resend` takes. */
export type ResendInput = z.input<typeof ResendInputSchema>;

/** What `messaging.resendUnknown` takes: a mailing and why its `unknown` messages are sent again. */
export const ResendUnknownInputSchema = z.object({
  mailingId: z.uuid().transform((value) => value.toLowerCase()),
  reason: z.string().trim().min(1).max(1000),
});
/** What `messaging.resendUnknown` takes. */
export type ResendUnknownInput = z.input<typeof ResendUnknownInputSchema>;

interface Requeued {
  id: string;
  channel: string;
  party_id: string;
  mailing_id: string | null;
  attempts: number;
  journal_entry_id: string | null;
}

/**
 * Re-queues one `unknown` message (a manager's or administrator's explicit decision): `CONFLICT`
 * naming the status for any other, `NOT_FOUND`, or `NOT_ALLOWED` when its party is not visible.
 */
export async function resendMessage(tx: TxContext, messageId: string, reason: string): Promise<void> {
  await requireManager(tx);
  const [row] = await tx.sql<{ status: string; party_id: string }>(
    'select status, party_id from messaging_message where tenant_id = $1 and id = $2 for update',
    [tx.tenantId, messageId],
  );
  if (!row) throw new NotFoundError('Message', messageId);
  await assertVisible(tx, [row.party_id]);
  if (row.status !== 'unknown') {
    throw new RapportError(
      'CONFLICT',
      `Message ${messageId} is ${row.status}: only a message whose outcome is unknown can be re-sent`,
      { details: { id: messageId, status: row.status } },
    );
  }
  await requeue(tx, 'm.id = $2', messageId, reason);
  // Delivered by id even when it belongs to a mailing: a completed mailing has no dispatcher left.
  await tx.enqueue('messaging.deliver', { messageId });
}

/**
 * Re-queues the `unknown` messages of a mailing whose parties the actor may see, in one statement,
 * and has the mailing's dispatcher send them at its rate. Returns how many were re-queued.
 */
export async function resendUnknownOfMailing(
  tx: TxContext,
  mailingId: string,
  reason: string,
): Promise<number> {
  await requireManager(tx);
  const [mailing] = await tx.sql<{ status: string }>(
    'select status from messaging_mailing where tenant_id = $1 and id = $2 for update',
    [tx.tenantId, mailingId],
  );
  if (!mailing) throw new NotFoundError('Mailing', mailingId);
  if (mailing.status === 'cancelled') {
    throw new RapportError('CONFLICT', `Mailing ${mailingId} is cancelled: its messages are not sent again`, {
      details: { id: mailingId, status: mailing.status },
    });
  }
  const count = await requeue(tx, 'm.mailing_id = $2', mailingId, reason);
  if (count === 0) return 0;
  await tx.sql(
    `update messaging_mailing set status = 'running', finished_at = null where tenant_id = $1 and id = $2`,
    [tx.tenantId, mailingId],
  );
  await tx.enqueue('messaging.dispatch', { mailingId }, { singletonKey: `mailing:${mailingId}` });
  return count;
}

/**
 * The shared part: one statement puts the matching `unknown` messages back to `queued` (due now,
 * claim cleared, attempts kept); each one's journal entry is amended to say it was re-queued, by
 * whom and why; one trail row each (`messaging_message_resend`), one party-history entry each, and
 * `messageQueued` after commit. The callers see that something sends them.
 */
async function requeue(tx: TxContext, where: string, key: string, reason: string): Promise<number> {
  const params: unknown[] = [tx.tenantId, key];
  const visible = visibilitySql(await visibilityOf(tx), 'p', paramBinder(params));
  const rows = await tx.sql<Requeued>(
    `with target as (
       select m.id from messaging_message m join core_party p on p.tenant_id = m.tenant_id and p.id = m.party_id
       where m.tenant_id = $1 and ${where} and m.status = 'unknown' and ${visible}
       for update of m
     )
     update messaging_message m set status = 'queued', next_attempt_at = now(), finished_at = null,
       claim_id = null, claimed_at = null
     from target where m.tenant_id = $1 and m.id = target.id
     returning m.id, m.channel, m.party_id, m.mailing_id, m.attempts, m.journal_entry_id`,
    params,
  );
  if (rows.length === 0) return 0;
  const journal = tx.resolve(JOURNAL_SERVICE);
  const heads = new Map<string, string | null>();
  // Few by nature (a crash leaves at most a chunk unknown): one amendment per message.
  for (const row of rows) {
    if (!row.journal_entry_id) {
      heads.set(row.id, null);
      continue;
    }
    const entry = await journal.get(tx, row.journal_entry_id);
    const amended = await journal.amend(tx, entry.id, {
      // Only keys every channel's activity type knows: who and when are the amendment's own.
      data: { ...entry.data, status: 'queued', reason: `re-sent: ${reason}`.slice(0, 1000) },
      reason: `message re-sent: ${reason}`.slice(0, 1000),
    });
    heads.set(row.id, amended.id);
  }
  await tx.sql(
    `with r as (
       select * from jsonb_to_recordset($2::jsonb) as r(id uuid, message_id uuid, attempts int, journal_entry_id uuid)
     ), trail as (
       insert into messaging_message_resend (tenant_id, id, message_id, actor, reason, attempts, journal_entry_id)
       select $1, r.id, r.message_id, $3::jsonb, $4, r.attempts, r.journal_entry_id from r
     )
     update messaging_message m set journal_entry_id = r.journal_entry_id
     from r where m.tenant_id = $1 and m.id = r.message_id and r.journal_entry_id is not null`,
    [
      tx.tenantId,
      JSON.stringify(
        rows.map((row) => ({
          id: uuidv7(),
          message_id: row.id,
          attempts: row.attempts,
          journal_entry_id: heads.get(row.id),
        })),
      ),
      JSON.stringify(tx.actor),
      reason,
    ],
  );
  await recordHistory(
    tx,
    rows.map((row) => ({
      partyId: row.party_id,
      operation: 'message_resend',
      changes: { messageId: row.id, channel: row.channel, reason },
    })),
  );
  const first = rows[0]!;
  for (const [channel, group] of groupBy(rows, (row) => row.channel)) {
    await notifyAfterCommit(tx, 'messageQueued', {
      tenantId: tx.tenantId,
      channel,
      mailingId: first.mailing_id,
      count: group.length,
      messages: group.map((row) => ({
        id: row.id,
        partyId: row.party_id,
        mailingId: row.mailing_id,
        status: 'queued',
        reason,
      })),
    });
  }
  return rows.length;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}
