import { type TxContext, tenantTimeZone } from '@rapport/core/plugin';
import type { MessageChannel } from './channel.js';

/** What {@link deferUntilAllowed} needs of a claimed row. */
interface ClaimedRow {
  id: string;
  mailing_id: string | null;
  address: string;
}

/**
 * Asks the channel's `notBefore` about each freshly claimed bulk message (in the claim's
 * transaction) and puts those that must wait back in the queue with one statement: `queued`,
 * `next_attempt_at` = the allowed time, the attempt count restored, the claim dropped — nothing
 * sent, no attempt row. Returns the rows to send now. Without `notBefore`, no work at all.
 */
export async function deferUntilAllowed<T extends ClaimedRow>(
  tx: TxContext,
  channel: MessageChannel,
  rows: readonly T[],
  now: Date = new Date(),
): Promise<T[]> {
  if (!channel.notBefore || rows.length === 0) return [...rows];
  const timeZone = await tenantTimeZone(tx);
  const due: T[] = [];
  const later: Array<{ id: string; at: string }> = [];
  for (const row of rows) {
    const at = row.mailing_id
      ? channel.notBefore({
          id: row.id,
          tenantId: tx.tenantId,
          mailingId: row.mailing_id,
          to: row.address,
          tenantTimeZone: timeZone,
          now,
        })
      : null;
    if (at && at.getTime() > now.getTime()) later.push({ id: row.id, at: at.toISOString() });
    else due.push(row);
  }
  if (later.length > 0) {
    await tx.sql(
      `update messaging_message m set status = 'queued', attempts = m.attempts - 1, next_attempt_at = r.at,
         claimed_at = null, claim_id = null
       from unnest($2::uuid[], $3::timestamptz[]) as r(id, at)
       where m.tenant_id = $1 and m.id = r.id and m.status = 'sending'`,
      [tx.tenantId, later.map((l) => l.id), later.map((l) => l.at)],
    );
  }
  return due;
}
