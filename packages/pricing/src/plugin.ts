import { definePlugin } from '@rapport/core/plugin';
import type {} from '@rapport/documents';
import { quotesMigration } from './migrations/0004-quotes.js';
import { PRICING_OPTIONS, type PricingOptions, PricingOptionsSchema } from './options.js';
import { quoteContributions } from './quotes/contributions.js';
import { OFFER_DOCUMENT_TYPE } from './quotes/quote-document.js';
import { setupQuotes } from './quotes/setup.js';
import { PRICING_VERSION } from './version.js';

/**
 * The pricing plugin: catalogue, price lists, quotes (commercial offers), cross-sell and upsell.
 *
 * @example
 * const crm = await createCrm({ database: { url }, plugins: [pricingPlugin] });
 */
export const pricingPlugin = definePlugin({
  name: '@rapport/pricing',
  version: PRICING_VERSION,
  description: 'Products, price lists, quotes, cross-sell and upsell',
  dependencies: { '@rapport/core': '^0.1.0' },
  options: PricingOptionsSchema,
  optionsToken: PRICING_OPTIONS,
  entities: [...quoteContributions.entities],
  migrations: [quotesMigration],
  hooks: { ...quoteContributions.hooks },
  activityTypes: [...quoteContributions.activityTypes],
  participation: [...quoteContributions.participation],
  jobs: { ...quoteContributions.jobs },
  services: { ...quoteContributions.services },
  // Quotes are numbered and filed as documents of this type when @rapport/documents is installed.
  documentTypes: [OFFER_DOCUMENT_TYPE],
  setup(api) {
    setupQuotes(api, (api.options as PricingOptions).quotes);
  },
});
