import { InvalidDataError, type TxContext } from '@rapport/core/plugin';
import type { PriceService } from '../prices/price-service.js';
import type { PriceQuote, PriceSource } from './catalogue-lookup.js';

type Resolution = Awaited<ReturnType<PriceService['resolve']>>;

/**
 * Prices quote lines with pricing's own `prices.resolve`, in the quote's transaction. Lines it cannot
 * price (no price in any list for the customer, date and currency) come back as null, so the quote
 * asks for a price by hand instead of failing the whole request. A single percentage discount is
 * kept as a percentage; any other discount as its amount.
 */
export function pricesSource(prices: Pick<PriceService, 'resolve'>): PriceSource {
  return async (tx, request) => {
    const items = request.items.map((item, index) => ({ ...item, index }));
    let unpriced = new Set<number>();
    let resolution: Resolution | null = null;
    while (resolution === null) {
      const asked = items.filter((i) => !unpriced.has(i.index));
      if (asked.length === 0) break;
      try {
        resolution = await resolve(tx, prices, request, asked);
      } catch (error) {
        const failed = failedItems(error, asked);
        if (failed.length === 0) throw error;
        unpriced = new Set([...unpriced, ...failed]);
      }
    }
    const quotes: Array<PriceQuote | null> = request.items.map(() => null);
    const asked = items.filter((i) => !unpriced.has(i.index));
    for (const line of resolution?.lines ?? []) {
      const index = asked[line.lineNo]?.index;
      if (index === undefined || line.unpriced) continue;
      const single = line.discounts.length === 1 ? line.discounts[0]! : null;
      quotes[index] = {
        unitPrice: line.unitPrice,
        discountPercent: line.discounts.length === 0 ? '0' : (single?.percent ?? null),
        discount: line.discount,
        taxRate: line.taxRate,
        priceListId: line.priceListId,
      };
    }
    return quotes;
  };
}

function resolve(
  tx: TxContext,
  prices: Pick<PriceService, 'resolve'>,
  request: Parameters<PriceSource>[1],
  items: ReadonlyArray<{ sku: string; quantity: string }>,
): Promise<Resolution> {
  return prices.resolve(tx, {
    partyId: request.partyId,
    currency: request.currency,
    date: request.date,
    items: items.map(({ sku, quantity }) => ({ sku, quantity })),
  });
}

/** The request indices of the items an `items.N.sku` error names (none: another error). */
function failedItems(error: unknown, asked: ReadonlyArray<{ index: number }>): number[] {
  if (!(error instanceof InvalidDataError)) return [];
  const found = error.issues.map((i) => /^items\.(\d+)\.sku$/.exec(i.path)?.[1]);
  if (found.some((n) => n === undefined)) return [];
  return found.map((n) => asked[Number(n)]!.index);
}
