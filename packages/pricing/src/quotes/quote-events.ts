import type { TxContext } from '@rapport/core/plugin';
import type { QuoteStatus } from './lifecycle.js';
import type { QuoteDeps } from './quote-deps.js';
import { readQuotes } from './quote-reader.js';
import type { Quote } from './quote-types.js';

/**
 * Records a version's status change (sent, expired, superseded) in the party's journal and fires
 * `quoteStatusChanged`, inside the transaction.
 */
export async function recordStatusChange(
  tx: TxContext,
  deps: Pick<QuoteDeps, 'journal' | 'hooks'>,
  quote: Pick<Quote, 'id' | 'number' | 'partyId'>,
  change: {
    version: number;
    from: QuoteStatus;
    to: QuoteStatus;
    reason?: string | null;
    documentId?: string | null;
    messageId?: string | null;
  },
): Promise<void> {
  await deps.journal.record(tx, {
    type: 'pricing.quote_status_changed',
    subject: { type: 'quote', id: quote.id },
    parties: [{ partyId: quote.partyId, role: 'customer' }],
    data: {
      quoteId: quote.id,
      number: quote.number,
      version: change.version,
      from: change.from,
      to: change.to,
      reason: change.reason ?? null,
      documentId: change.documentId ?? null,
      messageId: change.messageId ?? null,
    },
  });
  await fireStatusChanged(tx, deps, quote.id, change);
}

/** Fires `quoteStatusChanged` with the quote as it is now. */
export async function fireStatusChanged(
  tx: TxContext,
  deps: Pick<QuoteDeps, 'hooks'>,
  quoteId: string,
  change: { version: number; from: QuoteStatus; to: QuoteStatus; reason?: string | null },
): Promise<void> {
  if (!deps.hooks.quoteStatusChanged.isUsed()) return;
  const [quote] = await readQuotes(tx, [quoteId]);
  await deps.hooks.quoteStatusChanged.promise(
    {
      quote: quote!,
      version: change.version,
      from: change.from,
      to: change.to,
      reason: change.reason ?? null,
    },
    tx,
  );
}
