export { PIPELINE_ACTIVITY_TYPES } from './activity-types.js';
export type { Rate } from './analytics/common.js';
export {
  type Forecast,
  type ForecastAmount,
  type ForecastBucket,
  type ForecastCell,
  type ForecastGroup,
  type ForecastQuery,
  ForecastQuerySchema,
  ForecastService,
  type ForecastStageInput,
} from './analytics/forecast-service.js';
export type { ForecastGroupBy, ForecastMethod, ForecastPeriod } from './analytics/forecast-sql.js';
export {
  type Funnel,
  type FunnelQuery,
  FunnelQuerySchema,
  FunnelService,
  type FunnelStage,
  type TimeInStage,
} from './analytics/funnel-service.js';
export {
  type PlanInput,
  PlanInputSchema,
  type PlanListQuery,
  type PlanMetric,
  type PlanProgressQuery,
  type PlanUpdate,
} from './analytics/plan-input.js';
export {
  type PlanHistoryEntry,
  type PlanProgress,
  type SalesPlan,
  SalesPlanService,
} from './analytics/plan-service.js';
export {
  type LostAfterStalling,
  type StalledAnalysis,
  type StalledAnalysisQuery,
  StalledDealsAnalysis,
  type StalledGroup,
  type StalledReason,
} from './analytics/stalled-service.js';
export {
  FORECAST_SERVICE,
  FUNNEL_SERVICE,
  SALES_PLAN_SERVICE,
  STALLED_DEALS_SERVICE,
} from './analytics/tokens.js';
export {
  type CloseInput,
  type DealCreateInput,
  type DealInput,
  DealInputSchema,
  type DealListOptions,
  type DealPatch,
  DealPatchSchema,
  type MoveInput,
  type ReopenInput,
} from './deals/deal-input.js';
export { type DealPage, DealService } from './deals/deal-service.js';
export type { StalledQuery } from './deals/stalled.js';
export { dealPartiesClause, dealVisibilitySql } from './deals/visibility.js';
export {
  DealContactEntity,
  DealEntity,
  DealHistoryEntity,
  PipelineEntity,
  pipelineEntities,
  SalesPlanEntity,
  SalesPlanHistoryEntity,
  StageChangeEntity,
  StageEntity,
} from './entities/index.js';
export {
  type DealCreatedEvent,
  type DealStageChangedEvent,
  type DealStageChangeRequest,
  type DealsStalledEvent,
  type DealUpdatedEvent,
  pipelineHooks,
  type StageChangeKind,
  type StalledDeal,
} from './hooks.js';
export { pipelineMigration } from './migrations/0001-pipeline.js';
export { plansMigration } from './migrations/0002-plans.js';
export { PIPELINE_OPTIONS, type PipelineOptions, PipelineOptionsSchema } from './options.js';
export type { PipelineInput, PipelinePatch, StageInput, StagePatch } from './pipelines/pipeline-input.js';
export { PipelineService } from './pipelines/pipeline-service.js';
export { pipelinePlugin } from './plugin.js';
export { DEAL_SERVICE, PIPELINE_SERVICE } from './tokens.js';
export type {
  Deal,
  DealContact,
  DealHistoryEntry,
  DealStatus,
  Pipeline,
  Stage,
  StageChange,
  StageOutcome,
} from './types.js';
export { PIPELINE_VERSION } from './version.js';
