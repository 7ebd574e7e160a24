import {
  type CallContext,
  DATABASE,
  type Database,
  type FieldIssue,
  InvalidDataError,
  inject,
  injectable,
  parse,
  requireVisibleParties,
  type TxContext,
  visibilityOf,
} from '@rapport/core/plugin';
import { PRICING_OPTIONS, type PricingOptions } from '../options.js';
import { minorUnits } from './money.js';
import { today } from './price-list-input.js';
import { priceListsFor } from './price-lists-for.js';
import { type PriceResolution, type ResolveInput, ResolveInputSchema } from './resolve-input.js';
import { type ItemRow, priceLine, totalsOf } from './resolve-lines.js';
import { PARTY_COUNTRY_SQL, RESOLVE_ITEMS_SQL } from './resolve-sql.js';

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
    return this.db.transaction(ctx, (tx) => this.resolveIn(tx, data));
  }

  private async resolveIn(
    tx: TxContext,
    data: ReturnType<typeof ResolveInputSchema.parse>,
  ): Promise<PriceResolution> {
    const partyId = data.partyId ?? null;
    const date = data.date ?? today();
    let country = data.country ?? null;
    if (partyId) {
      await requireVisibleParties(tx, [partyId]);
      if (!country)
        country =
          (await tx.sql<{ country: string | null }>(PARTY_COUNTRY_SQL, [tx.tenantId, partyId]))[0]?.country ??
          null;
    } else await visibilityOf(tx);
    const lists = await priceListsFor(tx, { partyId, currency: data.currency, date });
    const items = data.items.map((item, n) => ({ n, sku: item.sku, quantity: item.quantity }));
    const rows = await tx.sql<ItemRow>(RESOLVE_ITEMS_SQL, [
      tx.tenantId,
      JSON.stringify(items),
      JSON.stringify(lists.map((l) => ({ id: l.priceListId, source: l.source, priority: l.priority }))),
      date,
      country,
    ]);
    const issues: FieldIssue[] = rows
      .filter((r) => r.unitPrice === null)
      .map((r) => ({
        path: `items.${r.n}.sku`,
        message: r.productId
          ? `no price for ${items[r.n]!.sku} in ${data.currency} on ${date} in the lists that apply`
          : `no product with SKU ${items[r.n]!.sku}`,
        code: r.productId ? 'custom' : 'not_found',
      }));
    if (issues.length > 0 && this.options.unpricedLines === 'error')
      throw new InvalidDataError('price request', issues);
    const digits = minorUnits(data.currency);
    const lines = rows.map((row) => priceLine(items[row.n]!, row, digits));
    return {
      partyId,
      currency: data.currency,
      date,
      country,
      minorUnits: digits,
      priceLists: lists,
      lines,
      totals: totalsOf(lines, digits),
    };
  }
}
