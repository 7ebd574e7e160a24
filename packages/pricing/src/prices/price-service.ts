import { type CallContext, DATABASE, type Database, inject, injectable, parse } from '@rapport/core/plugin';
import { PRICING_OPTIONS, type PricingOptions } from '../options.js';
import { resolvePrices } from './resolve.js';
import { type PriceResolution, type ResolveInput, ResolveInputSchema } from './resolve-input.js';

/** Price resolution: what a customer pays for items on a day, with the reasons. */
@injectable()
export class PriceService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(PRICING_OPTIONS) private readonly options: PricingOptions,
  ) {}

  /**
   * Resolves the prices of items for a party (or for anyone: default lists only) in a currency on
   * a day: per line the unit price, the price row and list that gave it, the discounts applied,
   * net, tax by the product's tax class, gross; and the totals. Exact decimals, rounded per line to
   * the currency's minor unit, then summed. A line with an unknown SKU or no price is an
   * INVALID_DATA error naming `items.N.sku` (or, with `unpricedLines: 'flag'`, a line marked
   * `unpriced`). Called with a transaction context, it runs in that transaction (quotes do).
   *
   * @example
   * const r = await crm.services.prices.resolve(ctx, {
   *   partyId, currency: 'EUR', items: [{ sku: 'PH-1', quantity: 12 }],
   * });
   * r.lines[0].unitPrice; r.lines[0].discounts; r.totals.gross;
   */
  async resolve(ctx: CallContext, input: ResolveInput): Promise<PriceResolution> {
    const data = parse(ResolveInputSchema, input, 'price request');
    return this.db.transaction(ctx, (tx) => resolvePrices(tx, data, this.options.unpricedLines));
  }
}
