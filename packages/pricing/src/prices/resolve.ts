import { type FieldIssue, InvalidDataError, type TxContext } from '@rapport/core/plugin';
import type { PriceListCandidate } from '../hooks.js';
import { minorUnits } from './money.js';
import { today } from './price-list-input.js';
import { priceListsFor } from './price-lists-for.js';
import { resolveContext } from './resolve-context.js';
import type { PriceResolution, ResolveInputSchema } from './resolve-input.js';
import { type ItemRow, priceLine, totalsOf } from './resolve-lines.js';
import { RESOLVE_ITEMS_SQL } from './resolve-sql.js';

/** A validated `prices.resolve` input. */
export type ParsedResolveInput = ReturnType<typeof ResolveInputSchema.parse>;

/** What every line of a resolution shares: the party, day, country and the lists that apply, best first. */
export interface ResolutionBasis {
  partyId: string | null;
  currency: string;
  date: string;
  country: string | null;
  lists: Array<PriceListCandidate & { priority: number }>;
}

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
  const basis = await resolutionBasis(tx, data);
  return priceItems(tx, basis, data.items, unpricedLines);
}

/**
 * The first half of a resolution: refuses a party the actor may not see, and finds the lists that
 * apply (one statement, plus one for segment membership when segments are assigned).
 */
export async function resolutionBasis(
  tx: TxContext,
  data: { partyId?: string | null; currency: string; date?: string; country?: string },
): Promise<ResolutionBasis> {
  const partyId = data.partyId ?? null;
  const date = data.date ?? today();
  const request = { partyId, currency: data.currency, date };
  const context = await resolveContext(tx, request);
  const lists = await priceListsFor(tx, request, context.candidates);
  return { partyId, currency: data.currency, date, country: data.country ?? context.partyCountry, lists };
}

/** The second half of a resolution: every line's price, discounts and tax in one statement. */
export async function priceItems(
  tx: TxContext,
  basis: ResolutionBasis,
  input: ReadonlyArray<{ sku: string; quantity: string }>,
  unpricedLines: 'error' | 'flag',
): Promise<PriceResolution> {
  const { date, currency, country, lists } = basis;
  const items = input.map((item, n) => ({ n, sku: item.sku, quantity: item.quantity }));
  const rows = await tx.sql<ItemRow>(RESOLVE_ITEMS_SQL, [
    tx.tenantId,
    JSON.stringify(items),
    listsParam(basis),
    date,
    country,
  ]);
  const issues: FieldIssue[] = rows
    .filter((r) => r.unitPrice === null)
    .map((r) => ({
      path: `items.${r.n}.sku`,
      message: r.productId
        ? `no price for ${items[r.n]!.sku} in ${currency} on ${date} in the lists that apply`
        : `no product with SKU ${items[r.n]!.sku}`,
      code: r.productId ? 'custom' : 'not_found',
    }));
  if (issues.length > 0 && unpricedLines === 'error') throw new InvalidDataError('price request', issues);
  const digits = minorUnits(currency);
  const lines = rows.map((row) => priceLine(items[row.n]!, row, digits));
  return {
    partyId: basis.partyId,
    currency,
    date,
    country,
    minorUnits: digits,
    priceLists: lists,
    lines,
    totals: totalsOf(lines, digits),
  };
}

/** The lists of a basis as the jsonb parameter the pricing statements read (`[{id, source, priority}]`). */
export function listsParam(basis: ResolutionBasis): string {
  return JSON.stringify(
    basis.lists.map((l) => ({ id: l.priceListId, source: l.source, priority: l.priority })),
  );
}
