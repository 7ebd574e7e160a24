import { definePlugin, z } from '@rapport/core/plugin';
import { PIPELINE_ACTIVITY_TYPES } from './activity-types.js';
import { ForecastService } from './analytics/forecast-service.js';
import { FunnelService } from './analytics/funnel-service.js';
import { SalesPlanService } from './analytics/plan-service.js';
import { StalledDealsAnalysis } from './analytics/stalled-service.js';
import {
  FORECAST_SERVICE,
  FUNNEL_SERVICE,
  SALES_PLAN_SERVICE,
  STALLED_DEALS_SERVICE,
} from './analytics/tokens.js';
import { DealService } from './deals/deal-service.js';
import { dealPartiesClause } from './deals/visibility.js';
import { pipelineEntities } from './entities/index.js';
import { pipelineHooks } from './hooks.js';
import { pipelineMigration } from './migrations/0001-pipeline.js';
import { plansMigration } from './migrations/0002-plans.js';
import { funnelRollupMigration } from './migrations/0003-funnel-rollup.js';
import { PIPELINE_OPTIONS, type PipelineOptions, PipelineOptionsSchema } from './options.js';
import { DEAL_CONTACT_PARTICIPATION, DEAL_PARTICIPATION } from './participation.js';
import { PipelineService } from './pipelines/pipeline-service.js';
import { touchDeals } from './taps/activity.js';
import { dropSelfContacts } from './taps/merge.js';
import { eraseDealHistory } from './taps/privacy.js';
import { DEAL_SERVICE, PIPELINE_SERVICE } from './tokens.js';
import { PIPELINE_VERSION } from './version.js';

/**
 * The pipeline plugin: pipelines and stages, deals moving through them with their history in the
 * activity journal, stalled deals, and the funnel, forecasts and sales plans computed from that
 * history. Written only against `@rapport/core`'s public API.
 *
 * @example
 * const crm = await createCrm({ database: { url }, plugins: [pipelinePlugin] });
 * const sales = await crm.services.pipelines.create(ctx, { name: 'Sales', stages: [...] });
 * const deal = await crm.services.deals.create(ctx, { pipelineId: sales.id, title: 'Globex', customerId });
 */
export const pipelinePlugin = definePlugin({
  name: '@rapport/pipeline',
  version: PIPELINE_VERSION,
  description: 'Deals, pipelines and stages, stage history, funnel, forecasts, sales plans, stalled deals',
  dependencies: { '@rapport/core': '^0.1.0' },
  options: PipelineOptionsSchema,
  optionsToken: PIPELINE_OPTIONS,
  entities: pipelineEntities,
  migrations: [pipelineMigration, plansMigration, funnelRollupMigration],
  hooks: pipelineHooks,
  activityTypes: PIPELINE_ACTIVITY_TYPES,
  participation: [DEAL_PARTICIPATION, DEAL_CONTACT_PARTICIPATION],
  jobs: {
    'pipeline.mark-stalled': {
      schema: z.object({}).strict(),
      retry: { limit: 3, delaySeconds: 30 },
      schedule: (options: PipelineOptions) =>
        options.stalledSchedule.enabled
          ? { cron: options.stalledSchedule.cron, tz: options.stalledSchedule.tz }
          : null,
      // Runs per tenant as the scheduler (a system actor): marks, then `dealsStalled` notifies.
      async handle(job) {
        await job.container.resolve(DEAL_SERVICE).markStalled(job.ctx);
      },
    },
  },
  services: {
    pipelines: { token: PIPELINE_SERVICE, useClass: PipelineService },
    deals: { token: DEAL_SERVICE, useClass: DealService },
    funnel: { token: FUNNEL_SERVICE, useClass: FunnelService },
    forecasts: { token: FORECAST_SERVICE, useClass: ForecastService },
    salesPlans: { token: SALES_PLAN_SERVICE, useClass: SalesPlanService },
    stalledDeals: { token: STALLED_DEALS_SERVICE, useClass: StalledDealsAnalysis },
  },
  setup(api) {
    api.tap('activitiesRecorded', async (entries, tx) => touchDeals(entries, tx));
    api.tap('partiesMerging', async (event, tx) => dropSelfContacts(event.survivorId, tx));
    api.tap('partyErasing', async (event, tx) => eraseDealHistory(event, tx));
    // Whoever works a deal may see its customer and contact persons (see `dealPartiesClause`).
    api.tap('transformVisibility', async (visibility) =>
      visibility.all
        ? visibility
        : { ...visibility, clauses: [...visibility.clauses, dealPartiesClause(visibility)] },
    );
  },
});
