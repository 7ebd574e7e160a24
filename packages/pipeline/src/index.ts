export { PIPELINE_ACTIVITY_TYPES } from './activity-types.js';
export { ConflictError } from './deals/deal-checks.js';
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
