import { definePlugin, z } from '@rapport/core/plugin';
import type {} from '@rapport/documents';
import { PRICING_ACTIVITY_TYPES } from './activity-types.js';
import { CatalogueService } from './catalogue/catalogue-service.js';
import { pricingEntities } from './entities/index.js';
import { pricingHooks } from './hooks.js';
import { catalogueMigration } from './migrations/0001-catalogue.js';
import { priceListsMigration } from './migrations/0002-price-lists.js';
import { saleLinesMigration } from './migrations/0003-sale-lines.js';
import { quotesMigration } from './migrations/0004-quotes.js';
import { associationRulesMigration } from './migrations/0005-association-rules.js';
import { quoteOrderMigration } from './migrations/0006-quote-order.js';
import { PRICING_OPTIONS, type PricingOptions, PricingOptionsSchema } from './options.js';
import { PRICING_PARTICIPATION } from './participation.js';
import { PriceListService } from './prices/price-list-service.js';
import { PriceService } from './prices/price-service.js';
import { quoteContributions } from './quotes/contributions.js';
import { OFFER_DOCUMENT_TYPE } from './quotes/quote-document.js';
import { setupQuotes } from './quotes/setup.js';
import { SaleLineService } from './sales/sale-line-service.js';
import { AssociationRuleService } from './suggestions/rules-service.js';
import { SuggestionService } from './suggestions/suggestion-service.js';
import { projectSaleLines } from './taps/sale-lines.js';
import {
  ASSOCIATION_RULE_SERVICE,
  CATALOGUE_SERVICE,
  PRICE_LIST_SERVICE,
  PRICE_SERVICE,
  SALE_LINE_SERVICE,
  SUGGESTION_SERVICE,
} from './tokens.js';
import { PRICING_VERSION } from './version.js';

/**
 * The pricing plugin: a catalogue of products and services, price lists with quantity breaks and
 * discounts resolved per customer, the purchase history projected from sale entries, and cross-sell /
 * upsell suggestions from association rules and declared relations. Lists below hold one item per
 * line, so that the quotes (in this package) merge cleanly.
 *
 * @example
 * const crm = await createCrm({ database: { url }, plugins: [pricingPlugin] });
 * const phone = await crm.services.catalogue.createProduct(ctx, { sku: 'PH-1', name: 'Phone' });
 */
export const pricingPlugin = definePlugin({
  name: '@rapport/pricing',
  version: PRICING_VERSION,
  description: 'Catalogue, price lists and price resolution, purchase history, cross-sell and upsell',
  dependencies: { '@rapport/core': '^0.1.0' },
  options: PricingOptionsSchema,
  optionsToken: PRICING_OPTIONS,
  entities: [...pricingEntities, ...quoteContributions.entities],
  // biome-ignore format: one item per line, so that additions (0004-quotes) merge cleanly
  migrations: [
    catalogueMigration,
    priceListsMigration,
    saleLinesMigration,
    quotesMigration,
    associationRulesMigration,
    quoteOrderMigration,
  ],
  hooks: { ...pricingHooks, ...quoteContributions.hooks },
  activityTypes: [...PRICING_ACTIVITY_TYPES, ...quoteContributions.activityTypes],
  participation: [...PRICING_PARTICIPATION, ...quoteContributions.participation],
  jobs: {
    'pricing.compute-rules': {
      schema: z.object({}).strict(),
      retry: { limit: 3, delaySeconds: 60 },
      schedule: (options: PricingOptions) =>
        options.rules.schedule.enabled
          ? { cron: options.rules.schedule.cron, tz: options.rules.schedule.tz }
          : null,
      // Runs per tenant as the scheduler: recomputes and atomically replaces the tenant's rules.
      async handle(job) {
        await job.container.resolve(ASSOCIATION_RULE_SERVICE).recompute(job.ctx);
      },
    },
    'pricing.backfill-sale-lines': {
      schema: z.object({}).strict(),
      retry: { limit: 3, delaySeconds: 30 },
      // Enqueued by whoever installs the plugin on a journal with history (idempotent).
      async handle(job) {
        await job.container.resolve(SALE_LINE_SERVICE).backfill(job.ctx);
      },
    },
    ...quoteContributions.jobs,
  },
  services: {
    catalogue: { token: CATALOGUE_SERVICE, useClass: CatalogueService },
    priceLists: { token: PRICE_LIST_SERVICE, useClass: PriceListService },
    prices: { token: PRICE_SERVICE, useClass: PriceService },
    saleLines: { token: SALE_LINE_SERVICE, useClass: SaleLineService },
    ...quoteContributions.services,
    associationRules: { token: ASSOCIATION_RULE_SERVICE, useClass: AssociationRuleService },
    suggestions: { token: SUGGESTION_SERVICE, useClass: SuggestionService },
  },
  // Quotes are numbered and filed as documents of this type when @rapport/documents is installed.
  documentTypes: [OFFER_DOCUMENT_TYPE],
  setup(api) {
    api.tap('activitiesRecorded', async (entries, tx) => projectSaleLines(entries, tx));
    setupQuotes(api, (api.options as PricingOptions).quotes);
  },
});
