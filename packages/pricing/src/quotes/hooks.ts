import type { HooksOf, JournalEntry, TxContext } from '@rapport/core/plugin';
import { defineHooks, series } from '@rapport/core/plugin';
import type { QuoteStatus } from './lifecycle.js';
import type { Quote, QuoteLine } from './quote-types.js';

/** Payload of `quoteStatusChanged`: one version moved from one status to another. */
export interface QuoteStatusChangedEvent {
  quote: Quote;
  version: number;
  from: QuoteStatus;
  to: QuoteStatus;
  reason: string | null;
}

/** Payload of `quoteAccepted`: the accepted version with its lines and the customer's answer entry. */
export interface QuoteAcceptedEvent {
  quote: Quote;
  version: number;
  lines: QuoteLine[];
  /** The `offer_response` journal entry. */
  entry: JournalEntry;
}

/** The hooks quotes offer (they join the pricing plugin's hooks). */
export const quoteHooks = defineHooks({
  /**
   * A quote version changed status (sent, accepted, declined, expired, superseded), inside the
   * transaction: a tap that throws rolls the change back.
   */
  quoteStatusChanged: series<[QuoteStatusChangedEvent, TxContext]>('event', 'tx'),
  /**
   * A quote was accepted, inside the transaction (after the `offer_response` entry and the built-in
   * follow-ups — deal won, sale entry): a contract plugin or the application creates what follows in
   * the same transaction, so the acceptance and its consequences commit (or fail) together.
   */
  quoteAccepted: series<[QuoteAcceptedEvent, TxContext]>('event', 'tx'),
});

declare module '@rapport/core/plugin' {
  interface CrmHooks extends HooksOf<typeof quoteHooks> {}
  interface JobMap {
    /** Marks the tenant's sent quotes whose validity has passed as expired (scheduled, per tenant). */
    'pricing.expire-quotes': Record<string, never>;
  }
}
