import { type InjectionToken, z } from '@rapport/core/plugin';
import { QuoteOptionsSchema } from './quotes/options.js';

/** The options of the pricing plugin. */
export const PricingOptionsSchema = z.object({
  /** Quotes: locale, validity, manual prices, what an acceptance does, the expiry schedule. */
  quotes: QuoteOptionsSchema.prefault({}),
});

/** The validated options. */
export type PricingOptions = z.output<typeof PricingOptionsSchema>;

/** Token under which `createCrm` registers the validated options. */
export const PRICING_OPTIONS: InjectionToken<PricingOptions> = Symbol('rapport.pricing.options');
