import type { HooksOf, TxContext } from '@rapport/core/plugin';
import { defineHooks, waterfall } from '@rapport/core/plugin';

/** A price list that applies to a resolution, and why (`party`, `segment`, or a plugin's own reason). */
export interface PriceListCandidate {
  priceListId: string;
  /** Why it applies: `party`, `segment:<id>`, `default`, or what a tap says (`loyalty:gold`). */
  source: string;
}

/** What `resolvePriceLists` taps receive beside the candidates: whose prices, in what, when. */
export interface PriceListRequest {
  partyId: string | null;
  currency: string;
  /** The day prices are resolved for (`YYYY-MM-DD`). */
  date: string;
}

/** The hooks the pricing plugin offers, declared once (one per line, so additions merge cleanly). */
export const pricingHooks = defineHooks({
  /**
   * Which price lists apply to a party (inside the transaction): taps add candidates (loyalty adds
   * the list of the party's tier) or remove some; the lists' priorities still decide the price.
   */
  resolvePriceLists: waterfall<[PriceListCandidate[], PriceListRequest, TxContext]>(
    'candidates',
    'request',
    'tx',
  ),
});

// Declaration merging: these hooks and job payloads join core's `CrmHooks` and `JobMap`.
declare module '@rapport/core/plugin' {
  interface CrmHooks extends HooksOf<typeof pricingHooks> {}
  interface JobMap {
    /** Recomputes the tenant's cross-sell association rules from the sale lines (scheduled, per tenant). */
    'pricing.compute-rules': Record<string, never>;
    /** Projects sale and refund entries recorded before the plugin was installed into `pricing_sale_line`. */
    'pricing.backfill-sale-lines': Record<string, never>;
  }
}
