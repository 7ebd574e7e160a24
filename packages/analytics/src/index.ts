export {
  AcquisitionAnalysis,
  type SourceRow,
  type SourcesQuery,
  SourcesQuerySchema,
  type SourcesResult,
} from './acquisition/sources-service.js';
export {
  ActivityAnalysis,
  type ConversionGroup,
  type ConversionQuery,
  ConversionQuerySchema,
  type ConversionResult,
} from './activity/conversion-service.js';
export {
  ABC_CLASSES,
  type AbcQuery,
  AbcQuerySchema,
  MembersPageSchema,
  XYZ_CLASSES,
} from './classes/abc-input.js';
export { AbcAnalysis, type SaveAbcInput, SaveAbcSchema } from './classes/abc-service.js';
export type {
  AbcResult,
  Amount,
  ClassMember,
  ClassSummary,
  SavedClassification,
} from './classes/classification.js';
export { ClassificationService, type SavedMember } from './classes/classification-service.js';
export { saveMemberSegments } from './classes/member-segments.js';
export {
  type ParsedRfmQuery,
  type RfmMember,
  type RfmQuery,
  RfmQuerySchema,
  type RfmResult,
  type RfmSegmentSummary,
} from './classes/rfm-input.js';
export { RFM_SEGMENT_SQL, RFM_SEGMENTS, type RfmSegment } from './classes/rfm-segments.js';
export { RfmAnalysis, type SaveRfmInput, SaveRfmSchema } from './classes/rfm-service.js';
export {
  analyticsEntities,
  ClassificationEntity,
  ClassMemberEntity,
  ReportEntity,
} from './entities/index.js';
export { csvField, toCsv } from './exports/csv.js';
export { type ExportFormat, ExportService } from './exports/export-service.js';
export { abcTable, genericTable, queryTable, resultTable, rfmTable } from './exports/result-tables.js';
export type { ColumnType, ExportColumn, ExportTable } from './exports/table.js';
export { writeXlsx } from './exports/xlsx.js';
export {
  type MapArea,
  MapDistribution,
  type MapQuery,
  MapQuerySchema,
  type MapResult,
} from './geo/map-service.js';
export { analyticsHooks, type ReportSavedEvent } from './hooks.js';
export { reportsMigration } from './migrations/0001-reports.js';
export { payMigration } from './migrations/0002-pay.js';
export { ANALYTICS_OPTIONS, type AnalyticsOptions, AnalyticsOptionsSchema } from './options.js';
export { CLASS_MEMBER_PARTICIPATION } from './participation.js';
export {
  type PartnerRevenue,
  type PartnerRow,
  PartnersAnalysis,
  type PartnersQuery,
  PartnersQuerySchema,
  type PartnersResult,
} from './partners/partners-service.js';
export {
  type CommissionRule,
  CommissionRuleSchema,
  type ComputedLine,
  type ComputedStatement,
  computeStatement,
  PAY_PLAN_SERVICE,
  PAY_RUN_SERVICE,
  PAY_SPLIT_SERVICE,
  type PayLine,
  type PayPlan,
  type PayPlanInput,
  PayPlanInputSchema,
  PayPlanService,
  type PayRun,
  PayRunService,
  type PaySplitInput,
  PaySplitInputSchema,
  PaySplitService,
  type PayStatement,
  type PlanTerms,
  payEntities,
  TierSchema,
} from './pay/index.js';

export { PipelineAnalyses } from './pipeline/pipeline-analyses.js';
export { analyticsPlugin } from './plugin.js';
export { type BuiltInDimension, DIMENSION_NAMES, DIMENSIONS, type Dimension } from './query/dimensions.js';
export { MEASURE_NAMES, MEASURES, type Measure, type MeasureValue } from './query/measures.js';
export {
  type AnalyticsQuery,
  AnalyticsQuerySchema,
  type JournalFilters,
  JournalFiltersSchema,
} from './query/query-input.js';
export type { MeasureValues, QueryResult, QueryRow, QueryTotal } from './query/query-result.js';
export { AnalyticsQueryService } from './query/query-service.js';
export { defineReportAnalysis, type ReportAnalysis, type Resolve } from './reports/analyses.js';
export {
  CHART_KINDS,
  type ChartKind,
  type ReportCopy,
  type ReportInput,
  type ReportPatch,
  type SavedReport,
} from './reports/report.js';
export { type ReportRun, ReportService } from './reports/report-service.js';
export { invalidField, requireDepartmentFound } from './shared/checks.js';
export { ADDRESS_JOIN, type FactOptions, journalFactsSql } from './shared/journal-facts.js';
export { liveSql } from './shared/live.js';
export {
  addUnits,
  bucketSql,
  PERIOD_UNITS,
  type PeriodInput,
  PeriodSchema,
  type PeriodUnit,
  previousPeriod,
  type ResolvedPeriod,
  resolvePeriod,
  resolvePeriodIn,
  unitStart,
} from './shared/period.js';
export { type FactFilters, type PreparedFacts, prepareFacts } from './shared/prepare.js';
export { type AnalyticsScope, analyticsScope, type Bind } from './shared/scope.js';
export { moneyListSql, moneyText } from './shared/sql.js';
export {
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
export { ANALYTICS_VERSION } from './version.js';
