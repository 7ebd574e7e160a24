import { definePlugin, type JournalEntry, type TxContext } from '@rapport/core/plugin';
import type { TestCrm } from '@rapport/testing';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  pricingPlugin,
  Quote,
  QuoteAcceptedEvent,
  QuoteLine,
  QuoteService,
  QuoteStatus,
  QuoteStatusChangedEvent,
} from '../src/index.js';

describe("quotes' typed hooks and service", () => {
  it('types taps of quoteAccepted and quoteStatusChanged for every plugin', () => {
    definePlugin({
      name: 'typed-quotes',
      version: '1.0.0',
      setup(api) {
        api.tap('quoteAccepted', async (event, tx) => {
          expectTypeOf(event).toEqualTypeOf<QuoteAcceptedEvent>();
          expectTypeOf(event.lines).toEqualTypeOf<QuoteLine[]>();
          expectTypeOf(event.entry).toEqualTypeOf<JournalEntry>();
          expectTypeOf(tx).toEqualTypeOf<TxContext>();
        });
        api.tap('quoteStatusChanged', async (event) => {
          expectTypeOf(event).toEqualTypeOf<QuoteStatusChangedEvent>();
          expectTypeOf(event.to).toEqualTypeOf<QuoteStatus>();
        });
        // @ts-expect-error a quote has no `amount` (it has current.gross)
        api.tap('quoteAccepted', async (event) => void event.quote.amount);
      },
    });
  });

  it('types crm.services.quotes by the pricing plugin', () => {
    type Crm = TestCrm<[typeof pricingPlugin]>['crm'];
    expectTypeOf<Crm['services']['quotes']>().toEqualTypeOf<QuoteService>();
    expectTypeOf<Awaited<ReturnType<QuoteService['accept']>>>().toEqualTypeOf<Quote>();
  });
});
