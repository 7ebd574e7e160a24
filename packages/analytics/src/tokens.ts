import type { InjectionToken } from '@rapport/core/plugin';
import type { ActivityAnalysis } from './activity/conversion-service.js';
import type { AbcAnalysis } from './classes/abc-service.js';
import type { ClassificationService } from './classes/classification-service.js';
import type { RfmAnalysis } from './classes/rfm-service.js';
import type { ExportService } from './exports/export-service.js';
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
