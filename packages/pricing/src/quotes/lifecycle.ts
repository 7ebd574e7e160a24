import { ConflictError } from '@rapport/core/plugin';

/** The states of a quote version. */
export type QuoteStatus = 'draft' | 'sent' | 'accepted' | 'declined' | 'expired' | 'superseded';

/** Every state a version may move to from each state; the others are final. */
export const QUOTE_TRANSITIONS: Readonly<Record<QuoteStatus, readonly QuoteStatus[]>> = Object.freeze({
  draft: ['sent'],
  sent: ['accepted', 'declined', 'expired', 'superseded'],
  accepted: [],
  declined: [],
  expired: [],
  superseded: [],
});

/** Whether a version in `from` may move to `to`. */
export function canTransition(from: QuoteStatus, to: QuoteStatus): boolean {
  return QUOTE_TRANSITIONS[from].includes(to);
}

/** Refuses (conflict naming both states) a transition the lifecycle does not allow. */
export function assertTransition(
  quote: { number: string; version: number },
  from: QuoteStatus,
  to: QuoteStatus,
): void {
  if (!canTransition(from, to))
    throw new ConflictError(
      `Quote ${quote.number} version ${quote.version} is ${from}: it cannot become ${to}`,
      { details: { number: quote.number, version: quote.version, status: from, wanted: to } },
    );
}
