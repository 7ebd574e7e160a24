import { ConversionQuerySchema } from '../activity/conversion-service.js';
import { defineReportAnalysis } from '../reports/analyses.js';
import { ABC_SERVICE, ACTIVITY_SERVICE, RFM_SERVICE } from '../tokens.js';
import { AbcQuerySchema } from './abc-input.js';
import { RfmQuerySchema } from './rfm-input.js';

/** Saved reports of ABC/XYZ classifications (`analysis: 'abc'`). */
export const abcReportAnalysis = defineReportAnalysis({
  key: 'abc',
  label: 'ABC / XYZ customer classes',
  schema: AbcQuerySchema,
  run: (resolve, ctx, input) => resolve(ABC_SERVICE).abc(ctx, input as never),
});

/** Saved reports of RFM scorings (`analysis: 'rfm'`). */
export const rfmReportAnalysis = defineReportAnalysis({
  key: 'rfm',
  label: 'RFM segments',
  schema: RfmQuerySchema,
  run: (resolve, ctx, input) => resolve(RFM_SERVICE).score(ctx, input as never),
});

/** Saved reports of activity → sales conversion (`analysis: 'conversion'`). */
export const conversionReportAnalysis = defineReportAnalysis({
  key: 'conversion',
  label: 'Activity to sales conversion',
  schema: ConversionQuerySchema,
  run: (resolve, ctx, input) => resolve(ACTIVITY_SERVICE).conversion(ctx, input as never),
});
