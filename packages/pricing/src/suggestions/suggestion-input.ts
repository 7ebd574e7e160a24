import { CurrencySchema, z } from '@rapport/core/plugin';
import { Sku } from '../catalogue/catalogue-input.js';
import { Day } from '../prices/price-list-input.js';

const limit = z.int().min(1).max(100).optional();
const items = z
  .array(z.union([z.strictObject({ sku: Sku }), z.strictObject({ productId: z.uuid() })]))
  .min(1)
  .max(1000);

/** Input of `suggestions.crossSell`: a customer (their purchases), or items (a basket, a quote). */
export const CrossSellInputSchema = z.union([
  z.strictObject({ partyId: z.uuid(), limit }),
  z.strictObject({ items, limit }),
]);
/** What `suggestions.crossSell` is given. */
export type CrossSellInput = z.input<typeof CrossSellInputSchema>;

const priced = { currency: CurrencySchema, date: Day.optional(), limit };
/** Input of `suggestions.upsell`: as cross-sell, plus the currency the price differences are in. */
export const UpsellInputSchema = z.union([
  z.strictObject({ partyId: z.uuid(), ...priced }),
  z.strictObject({ items, ...priced }),
]);
/** What `suggestions.upsell` is given. */
export type UpsellInput = z.input<typeof UpsellInputSchema>;

/** Why a product is suggested. */
export type SuggestionReason =
  | {
      kind: 'rule';
      fromProductId: string;
      support: string;
      confidence: string;
      lift: string;
    }
  | { kind: 'accessory_of' | 'successor_of' | 'alternative_to'; fromProductId: string }
  | { kind: 'bundle_contains'; fromProductId: string; bundleId: string }
  | {
      kind: 'same_category';
      fromProductId: string;
      categoryId: string;
      /** How much more its net unit price is than the bought product's (positive). */
      priceDifference: string;
    };

/** A suggested product, best first, with every reason found for it. */
export interface Suggestion {
  productId: string;
  sku: string;
  /** The name in the product's default locale. */
  name: string;
  reasons: SuggestionReason[];
}

/** An upsell suggestion: the product that would replace `fromProductId`, and what it costs more. */
export interface UpsellSuggestion extends Suggestion {
  fromProductId: string;
  /** Net unit prices (quantity 1) for the party, and the difference; null when either has no price. */
  unitPrice: string | null;
  fromUnitPrice: string | null;
  priceDifference: string | null;
}
