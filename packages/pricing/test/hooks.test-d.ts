import { definePlugin, type TxContext } from '@rapport/core/plugin';
import { describe, expectTypeOf, it } from 'vitest';
import type { PriceListCandidate, PriceListRequest, PriceResolution, Suggestion } from '../src/index.js';
import type { PricingCrm } from './fixture.js';

describe("the pricing plugin's types", () => {
  it('types taps of resolvePriceLists for every plugin', () => {
    definePlugin({
      name: 'typed',
      version: '1.0.0',
      setup(api) {
        api.tap('resolvePriceLists', async (candidates, request, tx) => {
          expectTypeOf(candidates).toEqualTypeOf<PriceListCandidate[]>();
          expectTypeOf(request).toEqualTypeOf<PriceListRequest>();
          expectTypeOf(tx).toEqualTypeOf<TxContext>();
          return [...candidates, { priceListId: 'x', source: 'loyalty:gold' }];
        });
        // @ts-expect-error a waterfall tap must return the candidates
        api.tap('resolvePriceLists', async () => 'gold');
      },
    });
  });

  it('types the services on crm.services', () => {
    const services = {} as PricingCrm['crm']['services'];
    expectTypeOf(services.prices.resolve).returns.resolves.toEqualTypeOf<PriceResolution>();
    expectTypeOf(services.suggestions.crossSell).returns.resolves.toEqualTypeOf<Suggestion[]>();
    // @ts-expect-error amounts are exact decimal strings, never numbers
    const gross: number = ({} as PriceResolution).totals.gross;
    void gross;
  });
});
