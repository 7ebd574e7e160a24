import { type JobDefinitions, z } from '@rapport/core/plugin';
import { QUOTE_ACTIVITY_TYPES } from './activity-types.js';
import { DealLineService } from './deal-line-service.js';
import { quoteEntities } from './entities/index.js';
import { quoteHooks } from './hooks.js';
import type { QuoteOptions } from './options.js';
import { QUOTE_PARTICIPATION } from './participation.js';
import { QuoteService } from './quote-service.js';
import { DEAL_LINE_SERVICE, QUOTE_SERVICE } from './tokens.js';

/**
 * What quotes add to the pricing plugin's `definePlugin` (its lists spread these): entities, activity
 * types, hooks, participation, services and the expiry job. The migration is `0004-quotes.ts`.
 */
export const quoteContributions = {
  entities: quoteEntities,
  activityTypes: QUOTE_ACTIVITY_TYPES,
  hooks: quoteHooks,
  participation: [QUOTE_PARTICIPATION],
  services: {
    quotes: { token: QUOTE_SERVICE, useClass: QuoteService },
    dealLines: { token: DEAL_LINE_SERVICE, useClass: DealLineService },
  },
  jobs: {
    'pricing.expire-quotes': {
      schema: z.object({}).strict(),
      retry: { limit: 3, delaySeconds: 30 },
      schedule: (options: { quotes: QuoteOptions }) =>
        options.quotes.expirySchedule.enabled
          ? { cron: options.quotes.expirySchedule.cron, tz: options.quotes.expirySchedule.tz }
          : null,
      // Runs per tenant as the scheduler (a system actor).
      async handle(job) {
        await job.container.resolve(QUOTE_SERVICE).expireDue(job.ctx);
      },
    },
  } satisfies JobDefinitions,
} as const;
