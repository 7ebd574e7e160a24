import { type FieldIssue, InvalidDataError, type TxContext } from '@rapport/core/plugin';
import { minorUnits } from './money.js';
import { today } from './price-list-input.js';
import { priceListsFor } from './price-lists-for.js';
import { resolveContext } from './resolve-context.js';
import type { PriceResolution, ResolveInputSchema } from './resolve-input.js';
import { type ItemRow, priceLine, totalsOf } from './resolve-lines.js';
import { RESOLVE_ITEMS_SQL } from './resolve-sql.js';

/** A validated `prices.resolve` input. */
export type ParsedResolveInput = ReturnType<typeof ResolveInputSchema.parse>;

/**
 * Resolves prices inside `tx` (see `PriceService.resolve`): one statement for the party (visible,
 * its country) and the candidate lists, one for segment membership only when segments are assigned,
 * one for every line's price, discounts and tax. `unpricedLines` says whether a line without a price is an error or a flagged line.
 */
export async function resolvePrices(
  tx: TxContext,
  data: ParsedResolveInput,
  unpricedLines: 'error' | 'flag',
): Promise<PriceResolution> {
  const partyId = data.partyId ?? null;
  const date = data.date ?? today();
  const request = { partyId, currency: data.currency, date };
  const context = await resolveContext(tx, request);
  const country = data.country ?? context.partyCountry;
  const lists = await priceListsFor(tx, request, context.candidates);
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
  if (issues.length > 0 && unpricedLines === 'error') throw new InvalidDataError('price request', issues);
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
