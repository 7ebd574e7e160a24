import {
  type CallContext,
  DATABASE,
  type Database,
  inject,
  injectable,
  paramBinder,
  parse,
  type TxContext,
  visibilityOf,
  visibilitySql,
} from '@rapport/core/plugin';
import { PRICING_OPTIONS, type PricingOptions } from '../options.js';
import { productIdsOf } from '../prices/product-ids.js';
import { requireSeen } from '../prices/resolve-context.js';
import {
  type CrossSellInput,
  CrossSellInputSchema,
  type Suggestion,
  type UpsellInput,
  UpsellInputSchema,
  type UpsellSuggestion,
} from './suggestion-input.js';
import { CROSS_SELL_SQL, partyBasisSql } from './suggestion-sql.js';
import { upsellFor } from './upsell.js';

/**
 * Cross-sell and upsell suggestions for a customer (from what they bought) or for items (a basket,
 * a quote being drafted): from the association rules (`pricing.compute-rules`) and the relations
 * people declared, never a product the customer already has.
 */
@injectable()
export class SuggestionService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(PRICING_OPTIONS) private readonly options: PricingOptions,
  ) {}

  /**
   * Complementary products, ranked (declared accessories and bundle contents first, then by the
   * rules' lift and confidence), each with its reasons.
   *
   * @example
   * const ideas = await crm.services.suggestions.crossSell(ctx, { partyId });
   * ideas[0].reasons[0]; // { kind: 'rule', fromProductId, support: '0.4', confidence: '0.8', lift: '1.6' }
   */
  async crossSell(ctx: CallContext, input: CrossSellInput): Promise<Suggestion[]> {
    const data = parse(CrossSellInputSchema, input, 'cross-sell request');
    return this.db.transaction(ctx, async (tx) => {
      const basis = await this.basisOf(tx, data);
      if (basis.length === 0) return [];
      return tx.sql<Suggestion>(CROSS_SELL_SQL, [
        tx.tenantId,
        basis,
        basis,
        data.limit ?? this.options.suggestionLimit,
      ]);
    });
  }

  /**
   * Better-value replacements for what the customer bought (their whole history, capped by
   * `upsell.lookbackMonths`) or for items: declared successors, then alternatives, then dearer
   * products of the same category by the smallest step above the bought product's net unit price
   * for the party (their lists, in `currency` on `date`, default today) — never a product already
   * bought, archived or without a price; each with its reason and the price difference.
   *
   * @example
   * const up = await crm.services.suggestions.upsell(ctx, { partyId, currency: 'EUR' });
   * up[0]; // { sku: 'PH-2', reasons: [{ kind: 'successor_of', fromProductId }], fromUnitPrice: '100.00', unitPrice: '150.00', priceDifference: '50.00' }
   */
  async upsell(ctx: CallContext, input: UpsellInput): Promise<UpsellSuggestion[]> {
    const data = parse(UpsellInputSchema, input, 'upsell request');
    return this.db.transaction(ctx, (tx) => upsellFor(tx, data, this.options));
  }

  /**
   * The products the request is about: the party's purchases (visible party only; one statement reads
   * both) or the items.
   */
  private async basisOf(
    tx: TxContext,
    data: { partyId: string } | { items: Array<{ sku: string } | { productId: string }> },
  ) {
    const visibility = await visibilityOf(tx);
    if ('partyId' in data) {
      const partyId = data.partyId.toLowerCase();
      const params: unknown[] = [tx.tenantId, partyId];
      const visible = visibilitySql(visibility, 'p', paramBinder(params));
      const [row] = await tx.sql<{ visible: boolean; products: string[] }>(partyBasisSql(visible), params);
      requireSeen(partyId, row);
      return row!.products;
    }
    return [...new Set(await productIdsOf(tx, data.items, 'items', 'suggestion request'))];
  }
}
