import type { Logger, TxContext } from '@rapport/core/plugin';
import type { MessageChannel } from './channel.js';
import { finalizeAttempts } from './delivery.js';
import { unsubscribeToken } from './unsubscribe-token.js';

/** Which stale claims to look at: one message, one mailing's, or every single message of the channel. */
export type StaleScope = { messageId: string } | { mailingId: string } | { singles: true };

interface StaleRow {
  id: string;
  claim_id: string;
  party_id: string;
  mailing_id: string | null;
  address: string | null;
  attempts: number;
  template: string;
  requested_by: string | null;
  content: Record<string, string> | null;
  unsubscribe_secret: string | null;
}

/**
 * Claims that outlived the channel's claim timeout belong to a worker that died while sending: the
 * message may or may not have gone out, so it becomes `unknown` (attempt row and journal entry
 * included, through {@link finalizeAttempts}) instead of being sent a second time. A fresh claim
 * belongs to a live worker and is left alone; rows another transaction holds are skipped. Used by the
 * dispatcher (its message, its mailing) and by the `messaging.sweep-stale` job (single messages).
 * Returns how many messages it marked.
 */
export async function recoverStaleClaims(
  tx: TxContext,
  channel: MessageChannel,
  scope: StaleScope,
  logger: Logger,
): Promise<number> {
  const [where, param] =
    'messageId' in scope
      ? ['m.id = $2', scope.messageId]
      : 'mailingId' in scope
        ? ['m.mailing_id = $2', scope.mailingId]
        : ['m.mailing_id is null and m.channel = $2', channel.name];
  const rows = await tx.sql<StaleRow>(
    `select m.id, m.claim_id, m.party_id, m.mailing_id, m.address, m.attempts, m.template, m.requested_by,
       m.content, m.unsubscribe_secret
     from messaging_message m
     where m.tenant_id = $1 and ${where} and m.status = 'sending'
       and m.claimed_at < now() - make_interval(secs => $3)
     for update of m skip locked`,
    [tx.tenantId, param, channel.claimTimeoutSeconds],
  );
  if (rows.length === 0) return 0;
  logger.warn('messages found claimed after a crash are marked unknown, not sent again', {
    channel: channel.name,
    count: rows.length,
  });
  await finalizeAttempts(
    tx,
    channel,
    rows.map((row) => ({
      message: {
        id: row.id,
        claimId: row.claim_id,
        partyId: row.party_id,
        template: row.template,
        requestedBy: row.requested_by,
        outgoing: {
          id: row.id,
          tenantId: tx.tenantId,
          channel: channel.name,
          to: row.address ?? '',
          parts: row.content ?? {},
          mailingId: row.mailing_id,
          unsubscribeUrl:
            channel.unsubscribeUrl && row.unsubscribe_secret
              ? channel.unsubscribeUrl(unsubscribeToken(tx.tenantId, row.unsubscribe_secret))
              : null,
          attempt: row.attempts,
        },
      },
      outcome: {
        status: 'unknown' as const,
        reason: `the worker sending attempt ${row.attempts} stopped before recording its outcome`,
      },
    })),
  );
  return rows.length;
}
