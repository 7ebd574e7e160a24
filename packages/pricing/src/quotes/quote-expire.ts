import { type TxContext, tenantToday } from '@rapport/core/plugin';
import type { QuoteDeps } from './quote-deps.js';
import { recordStatusChange } from './quote-events.js';

/**
 * Expires the tenant's sent versions whose last valid day has passed in the tenant's time zone: each
 * becomes `expired`, with a journal entry and `quoteStatusChanged`. Idempotent — an expired version
 * is no longer `sent`, so a second run (or a concurrent one: rows are locked, others skipped) finds
 * nothing. Returns how many expired.
 */
export async function expireQuotes(tx: TxContext, deps: QuoteDeps, now: Date = new Date()): Promise<number> {
  const today = await tenantToday(tx, now);
  const due = await tx.sql<{
    quoteId: string;
    version: number;
    number: string;
    partyId: string;
    validUntil: string;
  }>(
    `select v.quote_id as "quoteId", v.version, q.number, q.party_id as "partyId",
       to_char(v.valid_until, 'YYYY-MM-DD') as "validUntil"
     from pricing_quote_version v join pricing_quote q on q.tenant_id = v.tenant_id and q.id = v.quote_id
     where v.tenant_id = $1 and v.status = 'sent' and v.valid_until < $2::date
     order by v.valid_until, v.quote_id for update of v skip locked`,
    [tx.tenantId, today],
  );
  for (const row of due) {
    await tx.sql(
      `update pricing_quote_version set status = 'expired' where tenant_id = $1 and quote_id = $2 and version = $3`,
      [tx.tenantId, row.quoteId, row.version],
    );
    await recordStatusChange(
      tx,
      deps,
      { id: row.quoteId, number: row.number, partyId: row.partyId },
      {
        version: row.version,
        from: 'sent',
        to: 'expired',
        reason: `valid until ${row.validUntil}`,
      },
    );
  }
  return due.length;
}
