import {
  abcReportAnalysis,
  conversionReportAnalysis,
  funnelReportAnalysis,
  mapReportAnalysis,
  partnersReportAnalysis,
  rfmReportAnalysis,
  sourcesReportAnalysis,
  stalledReportAnalysis,
} from '../classes/report-analyses.js';
import { queryAnalysis } from '../query/query-analysis.js';
import type { ReportAnalysis } from './analyses.js';

/** The analyses saved reports can run, keyed by `analysis`. One per line: the agents' pay adds its own. */
export const REPORT_ANALYSES: ReadonlyMap<string, ReportAnalysis> = new Map(
  [
    queryAnalysis,
    abcReportAnalysis,
    rfmReportAnalysis,
    conversionReportAnalysis,
    sourcesReportAnalysis,
    partnersReportAnalysis,
    mapReportAnalysis,
    funnelReportAnalysis,
    stalledReportAnalysis,
    // One analysis per line (the agents' pay adds its own).
  ].map((a) => [a.key, a]),
);
