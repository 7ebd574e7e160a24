import type { TxContext } from '@rapport/core/plugin';
import type { PricingOptions } from '../options.js';
import { Dec } from '../prices/money.js';
import { productIdsOf } from '../prices/product-ids.js';
import { listsParam, priceItems, resolutionBasis } from '../prices/resolve.js';
import type { UpsellInputSchema, UpsellSuggestion } from './suggestion-input.js';
import { UPSELL_SQL } from './upsell-sql.js';

/** A validated `suggestions.upsell` input. */
type ParsedUpsell = ReturnType<typeof UpsellInputSchema.parse>;

/** A row of {@link UPSELL_SQL}. */
interface CandidateRow {
  productId: string;
  fromProductId: string;
  tier: number;
  kind: 'successor_of' | 'alternative_to' | 'same_category';
  categoryId: string | null;
  sku: string;
  name: string;
  fromSku: string;
}

/**
 * Upsell inside `tx`: the party check and the lists that apply (one statement, as `prices.resolve`),
 * the candidates from the whole purchase history picked by list price (one statement), then the
 * exact net unit prices of the picked candidates and what they replace (one statement) — which
 * decide the final order. Twice the limit is picked so that discounts reordering them still leave
 * the closest steps in.
 */
export async function upsellFor(
  tx: TxContext,
  data: ParsedUpsell,
  options: PricingOptions,
): Promise<UpsellSuggestion[]> {
  const limit = data.limit ?? options.suggestionLimit;
  const partyId = 'partyId' in data ? data.partyId.toLowerCase() : null;
  const items =
    'items' in data ? [...new Set(await productIdsOf(tx, data.items, 'items', 'upsell request'))] : null;
  const basis = await resolutionBasis(tx, { partyId, currency: data.currency, date: data.date });
  const rows = await tx.sql<CandidateRow>(UPSELL_SQL, [
    tx.tenantId,
    partyId,
    items,
    listsParam(basis),
    basis.date,
    options.upsell.lookbackMonths,
    limit * 2,
  ]);
  if (rows.length === 0) return [];
  const skus = [...new Set(rows.flatMap((r) => [r.fromSku, r.sku]))];
  const resolution = await priceItems(
    tx,
    basis,
    skus.map((sku) => ({ sku, quantity: '1' })),
    'flag',
  );
  const net = new Map(resolution.lines.filter((l) => !l.unpriced).map((l) => [l.sku, l.net]));
  const out: Array<UpsellSuggestion & { tier: number; step: Dec | null }> = [];
  for (const row of rows) {
    const to = net.get(row.sku) ?? null;
    const from = net.get(row.fromSku) ?? null;
    if (to === null) continue;
    const step = from === null ? null : new Dec(to).minus(from);
    if (row.tier === 2 && (step === null || step.lte(0))) continue;
    const priceDifference = step === null ? null : step.toFixed(Math.max(2, step.decimalPlaces()));
    out.push({
      productId: row.productId,
      sku: row.sku,
      name: row.name,
      fromProductId: row.fromProductId,
      reasons: [
        row.kind === 'same_category'
          ? {
              kind: row.kind,
              fromProductId: row.fromProductId,
              categoryId: row.categoryId!,
              priceDifference: priceDifference!,
            }
          : { kind: row.kind, fromProductId: row.fromProductId },
      ],
      unitPrice: to,
      fromUnitPrice: from,
      priceDifference,
      tier: row.tier,
      step,
    });
  }
  out.sort((a, b) => a.tier - b.tier || cmp(a.step, b.step) || (a.sku < b.sku ? -1 : 1));
  return out.slice(0, limit).map(({ tier: _t, step: _s, ...s }) => s);
}

function cmp(a: Dec | null, b: Dec | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a.comparedTo(b);
}
