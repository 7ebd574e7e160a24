import { definePlugin } from '@rapport/core/plugin';
import { AcquisitionAnalysis } from './acquisition/sources-service.js';
import { ActivityAnalysis } from './activity/conversion-service.js';
import { AbcAnalysis } from './classes/abc-service.js';
import { ClassificationService } from './classes/classification-service.js';
import { RfmAnalysis } from './classes/rfm-service.js';
import { analyticsEntities } from './entities/index.js';
import { ExportService } from './exports/export-service.js';
import { MapDistribution } from './geo/map-service.js';
import { analyticsHooks } from './hooks.js';
import { reportsMigration } from './migrations/0001-reports.js';
import { payMigration } from './migrations/0002-pay.js';
import { payWithoutPlanMigration } from './migrations/0003-pay-without-plan.js';
import { ANALYTICS_OPTIONS, AnalyticsOptionsSchema } from './options.js';
import { CLASS_MEMBER_PARTICIPATION } from './participation.js';
import { PartnersAnalysis } from './partners/partners-service.js';
import { payEntities } from './pay/entities/index.js';
import { PayPlanService } from './pay/pay-plan-service.js';
import { PayRunService } from './pay/pay-run-service.js';
import { PaySplitService } from './pay/pay-split-service.js';
import { PAY_PLAN_SERVICE, PAY_RUN_SERVICE, PAY_SPLIT_SERVICE } from './pay/pay-tokens.js';
import { PipelineAnalyses } from './pipeline/pipeline-analyses.js';
import { AnalyticsQueryService } from './query/query-service.js';
import { ReportService } from './reports/report-service.js';
import { handOverReports, repointReportParties } from './taps/reports-hand-over.js';
import {
  ABC_SERVICE,
  ACQUISITION_SERVICE,
  ACTIVITY_SERVICE,
  ANALYTICS_SERVICE,
  CLASSIFICATION_SERVICE,
  EXPORT_SERVICE,
  MAP_SERVICE,
  PARTNERS_SERVICE,
  PIPELINE_ANALYSES_SERVICE,
  REPORT_SERVICE,
  RFM_SERVICE,
} from './tokens.js';
import { ANALYTICS_VERSION } from './version.js';

/**
 * The analytics plugin: one query shape (measures × dimensions × filters) over the journal and the
 * parties, the named analyses (sales, expenses, Pareto/ABC/XYZ, RFM, activity, acquisition sources,
 * partners, map distribution), saved reports and CSV/XLSX exports. Every analysis is SQL run in the
 * database, with the actor's visibility applied. Lists below are one item per line (the agents' pay
 * adds to them).
 *
 * @example
 * const crm = await createCrm({ database: { url }, plugins: [analyticsPlugin] });
 * const bySales = await crm.services.analytics.query(ctx, {
 *   measures: ['revenue', 'orders'], dimensions: ['employee'], filters: { period: { last: 'month' } } });
 */
export const analyticsPlugin = definePlugin({
  name: '@rapport/analytics',
  version: ANALYTICS_VERSION,
  description: 'Analyses over the journal and parties, ABC/RFM segments, saved reports, exports, agents pay',
  dependencies: { '@rapport/core': '^0.1.0' },
  options: AnalyticsOptionsSchema,
  optionsToken: ANALYTICS_OPTIONS,
  entities: [...analyticsEntities, ...payEntities],
  migrations: [reportsMigration, payMigration, payWithoutPlanMigration],
  hooks: analyticsHooks,
  participation: [
    CLASS_MEMBER_PARTICIPATION,
    // Saved reports hold no party column, so they declare none: their owner's deactivation and the
    // merges of parties named in their definitions are taps (taps/reports-hand-over.ts), as core
    // hands a leaver's saved segments to the heir.
    // The agents' pay tables declare none: they record what was paid, which merges, erasures and
    // reassignments must not move (their visibility is in pay/pay-statement-reader.ts).
  ],
  services: {
    analytics: { token: ANALYTICS_SERVICE, useClass: AnalyticsQueryService },
    reports: { token: REPORT_SERVICE, useClass: ReportService },
    customerClasses: { token: ABC_SERVICE, useClass: AbcAnalysis },
    classifications: { token: CLASSIFICATION_SERVICE, useClass: ClassificationService },
    rfm: { token: RFM_SERVICE, useClass: RfmAnalysis },
    exports: { token: EXPORT_SERVICE, useClass: ExportService },
    activityAnalysis: { token: ACTIVITY_SERVICE, useClass: ActivityAnalysis },
    payPlans: { token: PAY_PLAN_SERVICE, useClass: PayPlanService },
    paySplits: { token: PAY_SPLIT_SERVICE, useClass: PaySplitService },
    payRuns: { token: PAY_RUN_SERVICE, useClass: PayRunService },
    acquisition: { token: ACQUISITION_SERVICE, useClass: AcquisitionAnalysis },
    partners: { token: PARTNERS_SERVICE, useClass: PartnersAnalysis },
    mapDistribution: { token: MAP_SERVICE, useClass: MapDistribution },
    pipelineAnalyses: { token: PIPELINE_ANALYSES_SERVICE, useClass: PipelineAnalyses },
  },
  setup(api) {
    api.tap('employeeDeactivated', async (event, tx) => handOverReports(event, tx));
    api.tap('partiesMerged', async (event, tx) => repointReportParties(event, tx));
  },
});
