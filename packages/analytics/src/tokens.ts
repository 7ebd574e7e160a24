import type { InjectionToken } from '@rapport/core/plugin';
import type { AcquisitionAnalysis } from './acquisition/sources-service.js';
import type { ActivityAnalysis } from './activity/conversion-service.js';
import type { AbcAnalysis } from './classes/abc-service.js';
import type { ClassificationService } from './classes/classification-service.js';
import type { RfmAnalysis } from './classes/rfm-service.js';
import type { ExportService } from './exports/export-service.js';
import type { MapDistribution } from './geo/map-service.js';
import type { PartnersAnalysis } from './partners/partners-service.js';
import type { PipelineAnalyses } from './pipeline/pipeline-analyses.js';
import type { AnalyticsQueryService } from './query/query-service.js';
import type { ReportService } from './reports/report-service.js';

/** Token of the {@link AnalyticsQueryService} (`crm.services.analytics`). */
export const ANALYTICS_SERVICE: InjectionToken<AnalyticsQueryService> = Symbol('rapport.analytics.query');

/** Token of the {@link ReportService} (`crm.services.reports`). */
export const REPORT_SERVICE: InjectionToken<ReportService> = Symbol('rapport.analytics.reports');

/** Token of the {@link AbcAnalysis} (`crm.services.customerClasses`). */
export const ABC_SERVICE: InjectionToken<AbcAnalysis> = Symbol('rapport.analytics.abc');

/** Token of the {@link ClassificationService} (`crm.services.classifications`). */
export const CLASSIFICATION_SERVICE: InjectionToken<ClassificationService> = Symbol(
  'rapport.analytics.classifications',
);

/** Token of the {@link RfmAnalysis} (`crm.services.rfm`). */
export const RFM_SERVICE: InjectionToken<RfmAnalysis> = Symbol('rapport.analytics.rfm');

/** Token of the {@link ExportService} (`crm.services.exports`). */
export const EXPORT_SERVICE: InjectionToken<ExportService> = Symbol('rapport.analytics.exports');

/** Token of the {@link ActivityAnalysis} (`crm.services.activityAnalysis`). */
export const ACTIVITY_SERVICE: InjectionToken<ActivityAnalysis> = Symbol('rapport.analytics.activity');

/** Token of the {@link AcquisitionAnalysis} (`crm.services.acquisition`). */
export const ACQUISITION_SERVICE: InjectionToken<AcquisitionAnalysis> = Symbol(
  'rapport.analytics.acquisition',
);

/** Token of the {@link PartnersAnalysis} (`crm.services.partners`). */
export const PARTNERS_SERVICE: InjectionToken<PartnersAnalysis> = Symbol('rapport.analytics.partners');

/** Token of the {@link MapDistribution} (`crm.services.mapDistribution`). */
export const MAP_SERVICE: InjectionToken<MapDistribution> = Symbol('rapport.analytics.map');

/** Token of the {@link PipelineAnalyses} (`crm.services.pipelineAnalyses`). */
export const PIPELINE_ANALYSES_SERVICE: InjectionToken<PipelineAnalyses> = Symbol(
  'rapport.analytics.pipeline',
);
