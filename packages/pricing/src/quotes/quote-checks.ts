import {
  InvalidDataError,
  mayChangeOwned,
  NotAllowedError,
  partyVisibility,
  refuseHiddenParties,
  requireAssignableOwner,
  type TxContext,
  visibilityOf,
} from '@rapport/core/plugin';
import type { QuoteOptions } from './options.js';
import type { Quote } from './quote-types.js';

/**
 * Refuses (not allowed) unless the actor may change the quote: its owner, someone the owner reports
 * to, a manager, an administrator or a system process.
 */
export async function requireQuoteWriter(tx: TxContext, quote: Pick<Quote, 'id' | 'number' | 'ownerId'>) {
  if (mayChangeOwned(await visibilityOf(tx), quote.ownerId)) return;
  throw new NotAllowedError(`Only the owner or a manager may change quote ${quote.number}`, {
    quoteId: quote.id,
    ownerId: quote.ownerId,
  });
}

/**
 * Refuses (not allowed, naming the lines) manual prices the actor may not set: with the option
 * `manualPrices: 'managers'`, only managers, administrators and system processes may.
 */
export async function requireManualPricePermission(
  tx: TxContext,
  options: QuoteOptions,
  manualPositions: readonly number[],
): Promise<void> {
  if (manualPositions.length === 0 || options.manualPrices === 'owners') return;
  const visibility = await visibilityOf(tx);
  if (visibility.all || visibility.role === 'manager') return;
  throw new NotAllowedError('Only managers and administrators may set prices, discounts or taxes by hand', {
    role: visibility.role,
    lines: manualPositions.map((i) => `lines.${i}`),
  });
}

/** Checks the quote's party: it exists (invalid data naming `partyId`) and the actor sees it (not allowed). */
export async function checkQuoteParty(tx: TxContext, partyId: string): Promise<void> {
  const found = await partyVisibility(tx, [partyId]);
  if (!found.has(partyId))
    throw new InvalidDataError('quote', [
      { path: 'partyId', message: `no party ${partyId} in this tenant`, code: 'not_found' },
    ]);
  refuseHiddenParties(found);
}

/** Checks a quote's owner: an active employee; an agent may only own quotes themselves. */
export async function checkQuoteOwner(tx: TxContext, ownerId: string): Promise<void> {
  await requireAssignableOwner(tx, ownerId, 'quote');
}
