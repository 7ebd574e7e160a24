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
import { Dec } from '../prices/money.js';
import { productIdsOf } from '../prices/product-ids.js';
import { resolvePrices } from '../prices/resolve.js';
import { requireSeen } from '../prices/resolve-context.js';
import {
  type CrossSellInput,
  CrossSellInputSchema,
  type Suggestion,
  type SuggestionReason,
  type UpsellInput,
  UpsellInputSchema,
  type UpsellSuggestion,
} from './suggestion-input.js';
import { CROSS_SELL_SQL, partyBasisSql, UPSELL_CANDIDATES_SQL } from './suggestion-sql.js';

/** How many of a customer's latest products upsell starts from, and same-category candidates per product. */
const UPSELL_BASIS = 10;
const SAME_CATEGORY = 10;

interface UpsellRow {
  productId: string;
  fromProductId: string;
  tier: number;
  reason: SuggestionReason;
  sku: string;
  name: string;
  fromSku: string;
}

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
   * Better-value replacements: declared successors and alternatives, and products of the same
   * category that cost more, each with the net unit price difference for the party (through price
   * resolution, in `currency` on `date`). Successors first, then alternatives, then the smallest
   * step up.
   */
  async upsell(ctx: CallContext, input: UpsellInput): Promise<UpsellSuggestion[]> {
    const data = parse(UpsellInputSchema, input, 'upsell request');
    return this.db.transaction(ctx, async (tx) => {
      const owned = await this.basisOf(tx, data);
      if (owned.length === 0) return [];
      // A customer's upsell starts from what they bought last; a basket's from every item.
      const basis = 'partyId' in data ? owned.slice(0, UPSELL_BASIS) : owned;
      const rows = await tx.sql<UpsellRow>(UPSELL_CANDIDATES_SQL, [tx.tenantId, basis, owned, SAME_CATEGORY]);
      if (rows.length === 0) return [];
      const prices = await this.unitPrices(tx, data, rows);
      const out: Array<UpsellSuggestion & { tier: number }> = [];
      for (const row of rows) {
        const to = prices.get(row.productId) ?? null;
        const from = prices.get(row.fromProductId) ?? null;
        const difference = to !== null && from !== null ? new Dec(to).minus(from) : null;
        if (row.tier === 2 && (difference === null || difference.lte(0))) continue;
        out.push({
          productId: row.productId,
          sku: row.sku,
          name: row.name,
          fromProductId: row.fromProductId,
          reasons: [row.reason],
          unitPrice: to,
          fromUnitPrice: from,
          priceDifference:
            difference === null ? null : difference.toFixed(Math.max(2, difference.decimalPlaces())),
          tier: row.tier,
        });
      }
      out.sort(
        (a, b) => a.tier - b.tier || cmp(a.priceDifference, b.priceDifference) || (a.sku < b.sku ? -1 : 1),
      );
      return out.slice(0, data.limit ?? this.options.suggestionLimit).map(({ tier: _, ...s }) => s);
    });
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

  /**
   * Net unit prices (quantity 1) for the party of the candidates and the products they replace, by
   * product id (unpriced ones absent), in one resolution.
   */
  private async unitPrices(tx: TxContext, data: UpsellInput & { currency: string }, rows: UpsellRow[]) {
    const skus = [
      ...new Map(
        rows.flatMap((r) => [
          [r.fromProductId, r.fromSku],
          [r.productId, r.sku],
        ]),
      ).entries(),
    ].map(([id, sku]) => ({ id, sku }));
    const resolution = await resolvePrices(
      tx,
      {
        partyId: 'partyId' in data ? data.partyId : null,
        currency: data.currency,
        date: data.date,
        items: skus.map((s) => ({ sku: s.sku, quantity: '1' })),
      },
      'flag',
    );
    const bySku = new Map(skus.map((s) => [s.sku, s.id]));
    return new Map(resolution.lines.filter((l) => !l.unpriced).map((l) => [bySku.get(l.sku)!, l.net]));
  }
}

function cmp(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return new Dec(a).comparedTo(b);
}
