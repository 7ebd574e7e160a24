import { CronExpressionSchema, type InjectionToken, TimeZoneSchema, z } from '@rapport/core/plugin';
import { QuoteOptionsSchema } from './quotes/options.js';

const ratio = z.number().min(0).max(1);

/** The options of the pricing plugin; `createCrm` validates them and reports every bad field. */
export const PricingOptionsSchema = z.object({
  /** The locale of product names and descriptions when an input does not say (BCP 47). */
  defaultLocale: z.string().min(2).max(35).default('en'),
  /**
   * What `prices.resolve` does with a line it cannot price (unknown SKU, no price in any list):
   * `'error'` throws an `INVALID_DATA` error naming `items.N.sku`; `'flag'` returns the line with
   * `unpriced: true` and zero amounts, so a quote can still be drafted.
   */
  unpricedLines: z.enum(['error', 'flag']).default('error'),
  /** The market-basket association rules (`pricing.compute-rules`). */
  rules: z
    .object({
      /** Least share of orders holding both products (support of A→B). */
      minSupport: ratio.default(0.001),
      /** Least share of orders with A that also hold B (confidence of A→B). */
      minConfidence: ratio.default(0.05),
      /** Least lift (confidence ÷ share of orders with B); 1 means no association. */
      minLift: z.number().min(0).default(1),
      /** Most rules kept per antecedent product, by lift then confidence. */
      maxPerProduct: z.number().int().min(1).max(1000).default(50),
      /** Look back this many days of sales (null: all history). */
      lookbackDays: z.number().int().min(1).nullable().default(null),
      /** The scheduled recomputation (one job per tenant on each tick). */
      schedule: z
        .object({
          enabled: z.boolean().default(true),
          /** Cron expression (five fields) in `tz`. Default: nightly at 03:15. */
          cron: CronExpressionSchema.default('15 3 * * *'),
          tz: TimeZoneSchema.default('UTC'),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Upsell (`suggestions.upsell`). */
  upsell: z
    .object({
      /**
       * Upsell starts from the products a customer bought in this many months before the request's
       * day (null: their whole history). Products bought earlier are still never suggested.
       */
      lookbackMonths: z.number().int().min(1).nullable().default(60),
    })
    .prefault({}),
  /** How many suggestions `suggestions.crossSell` / `upsell` return at most by default. */
  suggestionLimit: z.number().int().min(1).max(100).default(10),
  /** Quotes: locale, validity, manual prices, what an acceptance does, the expiry schedule (see README "Quotes"). */
  quotes: QuoteOptionsSchema.prefault({}),
});

/** The validated options, as services receive them. */
export type PricingOptions = z.output<typeof PricingOptionsSchema>;

/** Token under which `createCrm` registers the validated options. */
export const PRICING_OPTIONS: InjectionToken<PricingOptions> = Symbol('rapport.pricing.options');
