import {
  type CallContext,
  DATABASE,
  type Database,
  InvalidDataError,
  inject,
  injectable,
  PluginError,
  parse,
  type TxContext,
  tenantToday,
  z,
} from '@rapport/core/plugin';
import { QUOTE_INTEGRATIONS, type QuoteIntegrations } from './integrations.js';
import { priceLines } from './line-pricing.js';
import { QUOTE_OPTIONS, type QuoteOptions } from './options.js';
import { requireManualPricePermission } from './quote-checks.js';
import { Id, QuoteLineInputSchema } from './quote-input.js';
import { atMinorUnit, sumAmounts } from './totals.js';

/** A product line of a deal. */
export interface DealLine {
  position: number;
  productId: string | null;
  sku: string;
  name: string;
  quantity: string;
  unitPrice: string;
  discountPercent: string | null;
  discount: string;
  net: string;
  currency: string;
}

/** What `dealLines.set` takes: the deal's lines (replacing the old ones), priced like a quote's. */
export const DealLinesInputSchema = z.object({
  /** Default: the deal's currency. */
  currency: z.string().length(3).optional(),
  lines: z.array(QuoteLineInputSchema).max(500),
});

/** Lines, as given. */
export type DealLinesInput = z.input<typeof DealLinesInputSchema>;

/**
 * Product lines of deals (`@rapport/pipeline`'s, through pricing's own link table): set them priced
 * from the price lists, read them, and — with the option `quotes.dealAmountFollowsLines` — let the
 * deal's amount follow their net sum (through the pipeline's `deals.update`, audited there).
 */
@injectable()
export class DealLineService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(QUOTE_OPTIONS) private readonly options: QuoteOptions,
    @inject(QUOTE_INTEGRATIONS) private readonly integrations: QuoteIntegrations,
  ) {}

  /**
   * Replaces a deal's lines (an empty list removes them).
   *
   * @example
   * await crm.services.dealLines.set(ctx, deal.id, { lines: [{ sku: 'CHAIR-01', quantity: '10' }] });
   */
  async set(ctx: CallContext, dealId: string, input: DealLinesInput): Promise<DealLine[]> {
    const id = parse(Id, dealId, 'deal id');
    const parsed = parse(DealLinesInputSchema, input, 'deal lines');
    return this.db.transaction(ctx, async (tx) => {
      const deals = this.requireDeals();
      const deal = await deals.get(tx, id);
      const currency = parsed.currency?.toUpperCase() ?? deal.currency;
      if (!currency)
        throw new InvalidDataError('deal lines', [
          { path: 'currency', message: 'the deal has no currency: give one', code: 'invalid_type' },
        ]);
      const date = await tenantToday(tx);
      const { lines, manualPositions } = await priceLines(
        tx,
        this.integrations.lookup,
        { partyId: deal.customerId, currency, date, locale: this.options.defaultLocale },
        parsed.lines,
      );
      await requireManualPricePermission(tx, this.options, manualPositions);
      await tx.sql('delete from pricing_deal_line where tenant_id = $1 and deal_id = $2', [tx.tenantId, id]);
      if (lines.length > 0)
        await tx.sql(
          `insert into pricing_deal_line (tenant_id, deal_id, position, product_id, sku, name, quantity, unit_price,
             discount_percent, discount, net, currency)
           select $1, $2, t.*, $10 from unnest($3::int[], $4::uuid[], $5::text[], $6::text[], $7::numeric[],
             $8::numeric[], $9::numeric[], $12::numeric[], $11::numeric[]) as t`,
          [
            tx.tenantId,
            id,
            lines.map((l) => l.position),
            lines.map((l) => l.productId),
            lines.map((l) => l.sku),
            lines.map((l) => l.name),
            lines.map((l) => l.quantity),
            lines.map((l) => l.unitPrice),
            lines.map((l) => l.discountPercent),
            currency,
            lines.map((l) => l.net),
            lines.map((l) => l.discount),
          ],
        );
      if (this.options.dealAmountFollowsLines)
        await deals.update(
          tx,
          id,
          lines.length > 0 ? { amount: sumAmounts(lines, currency).net, currency } : { amount: null },
        );
      return readDealLines(tx, id);
    });
  }

  /** A deal's lines, in order (the deal must be visible to the actor). */
  async get(ctx: CallContext, dealId: string): Promise<DealLine[]> {
    const id = parse(Id, dealId, 'deal id');
    return this.db.transaction(ctx, async (tx) => {
      await this.requireDeals().get(tx, id);
      return readDealLines(tx, id);
    });
  }

  private requireDeals() {
    const deals = this.integrations.deals;
    if (!deals)
      throw new PluginError('Deal lines need @rapport/pipeline, which is not installed', {
        plugins: ['@rapport/pricing', '@rapport/pipeline'],
      });
    return deals;
  }
}

/** Reads a deal's lines. */
async function readDealLines(tx: TxContext, dealId: string): Promise<DealLine[]> {
  const rows = await tx.sql<DealLine>(
    `select position, product_id as "productId", sku, name, trim_scale(quantity)::text as quantity,
       trim_scale(unit_price)::text as "unitPrice", trim_scale(discount_percent)::text as "discountPercent",
       discount::text as discount, net::text as net, trim(currency) as currency
     from pricing_deal_line where tenant_id = $1 and deal_id = $2 order by position`,
    [tx.tenantId, dealId],
  );
  return rows.map((r) => ({
    ...r,
    discount: atMinorUnit(r.discount, r.currency),
    net: atMinorUnit(r.net, r.currency),
  }));
}
