import { defineReportAnalysis } from '../reports/analyses.js';
import { ANALYTICS_SERVICE } from '../tokens.js';
import { AnalyticsQuerySchema } from './query-input.js';

/** Saved reports of the query shape (`analysis: 'query'`). */
export const queryAnalysis = defineReportAnalysis({
  key: 'query',
  label: 'Query (measures × dimensions)',
  schema: AnalyticsQuerySchema,
  run: (resolve, ctx, input) => resolve(ANALYTICS_SERVICE).query(ctx, input as never),
});
