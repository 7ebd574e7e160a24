import {
  type BailHook,
  bail,
  defineHooks,
  definePlugin,
  type HooksOf,
  type SeriesHook,
  series,
  type TxContext,
  type WaterfallHook,
  waterfall,
} from '@rapport/core/plugin';
import { describe, expectTypeOf, it } from 'vitest';

interface Card {
  id: string;
  points: number;
}

// Deliberately NOT merged into `CrmHooks`: these hooks reach other plugins only through `dependencies`.
const cardHooks = defineHooks({
  beforeCardIssue: waterfall<[Card, TxContext]>('card', 'tx'),
  cardIssued: series<[Card, TxContext]>('card', 'tx'),
  resolveCardTier: bail<[Card, TxContext], 'gold' | 'silver'>('card', 'tx'),
});
const cards = definePlugin({ name: 'cards', version: '1.2.0', hooks: cardHooks });

describe('defineHooks', () => {
  it('yields factories and the hook map type for declaration merging', () => {
    type CardHooks = HooksOf<typeof cardHooks>;
    expectTypeOf<CardHooks['cardIssued']>().toEqualTypeOf<SeriesHook<[Card, TxContext]>>();
    expectTypeOf<CardHooks['beforeCardIssue']>().toEqualTypeOf<WaterfallHook<[Card, TxContext]>>();
    expectTypeOf<CardHooks['resolveCardTier']>().toEqualTypeOf<
      BailHook<[Card, TxContext], 'gold' | 'silver'>
    >();
    expectTypeOf(cardHooks.cardIssued).returns.toEqualTypeOf<SeriesHook<[Card, TxContext]>>();
  });

  it("types a plugin's own hooks in its setup", () => {
    definePlugin({
      name: 'own',
      version: '1.0.0',
      hooks: cardHooks,
      setup(api) {
        api.tap('cardIssued', async (card, tx) => {
          expectTypeOf(card).toEqualTypeOf<Card>();
          expectTypeOf(tx).toEqualTypeOf<TxContext>();
        });
      },
    });
  });

  it("types a dependency's hooks when the dependency is given by value", () => {
    definePlugin({
      name: 'loyalty-rules',
      version: '1.0.0',
      dependencies: [cards],
      setup(api) {
        api.tap('cardIssued', async (card) => {
          expectTypeOf(card.points).toEqualTypeOf<number>();
        });
        api.tap('beforeCardIssue', async (card) => ({ ...card, points: card.points + 10 }));
        api.tap('resolveCardTier', async (card) => (card.points > 100 ? 'gold' : undefined));
        // @ts-expect-error a waterfall tap must return the card
        api.tap('beforeCardIssue', async () => 'issued');
        // @ts-expect-error a bail tap returns a tier or undefined
        api.tap('resolveCardTier', async () => 'bronze');
        // core's own hooks stay typed beside the dependency's
        api.tap('tenantCreated', async (tenant) => void tenant.name);
      },
    });
    definePlugin({
      name: 'ranged',
      version: '1.0.0',
      dependencies: [{ plugin: cards, range: '^1.0.0' }],
      setup(api) {
        api.tap('cardIssued', async (card) => void card.id);
      },
    });
  });

  it('does not type hooks of plugins that are not dependencies', () => {
    definePlugin({
      name: 'unrelated',
      version: '1.0.0',
      setup(api) {
        // @ts-expect-error `cards` is not a dependency, and its hooks are not merged into CrmHooks
        api.tap('cardIssued', async () => undefined);
      },
    });
  });

  it('types hooks of dependencies of dependencies', () => {
    const rules = definePlugin({ name: 'rules', version: '1.0.0', dependencies: [cards] });
    definePlugin({
      name: 'reports',
      version: '1.0.0',
      dependencies: [rules],
      setup(api) {
        api.tap('cardIssued', async (card) => void card.points);
      },
    });
  });
});
