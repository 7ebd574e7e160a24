import { z } from '@rapport/core/plugin';
import { SourcesQuerySchema } from '../acquisition/sources-service.js';
import { ConversionQuerySchema } from '../activity/conversion-service.js';
import { MapQuerySchema } from '../geo/map-service.js';
import { PartnersQuerySchema } from '../partners/partners-service.js';
import { defineReportAnalysis } from '../reports/analyses.js';
import {
  ABC_SERVICE,
  ACQUISITION_SERVICE,
  ACTIVITY_SERVICE,
  MAP_SERVICE,
  PARTNERS_SERVICE,
  PIPELINE_ANALYSES_SERVICE,
  RFM_SERVICE,
} from '../tokens.js';
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

/** Saved reports of acquisition sources (`analysis: 'sources'`). */
export const sourcesReportAnalysis = defineReportAnalysis({
  key: 'sources',
  label: 'Acquisition sources',
  schema: SourcesQuerySchema,
  run: (resolve, ctx, input) => resolve(ACQUISITION_SERVICE).sources(ctx, input as never),
});

/** Saved reports of partners compared (`analysis: 'partners'`). */
export const partnersReportAnalysis = defineReportAnalysis({
  key: 'partners',
  label: 'Partners compared',
  schema: PartnersQuerySchema,
  run: (resolve, ctx, input) => resolve(PARTNERS_SERVICE).compare(ctx, input as never),
});

/** Saved reports of the map distribution (`analysis: 'map'`). */
export const mapReportAnalysis = defineReportAnalysis({
  key: 'map',
  label: 'Distribution on the map',
  schema: MapQuerySchema,
  run: (resolve, ctx, input) => resolve(MAP_SERVICE).compute(ctx, input as never),
});

/** Saved reports of a pipeline's funnel (`analysis: 'funnel'`; the pipeline validates the input). */
export const funnelReportAnalysis = defineReportAnalysis({
  key: 'funnel',
  label: 'Sales funnel (pipeline)',
  schema: z.record(z.string(), z.unknown()),
  run: (resolve, ctx, input) => resolve(PIPELINE_ANALYSES_SERVICE).funnel(ctx, input as never),
});

/** Saved reports of stalled negotiations (`analysis: 'stalled'`; the pipeline validates the input). */
export const stalledReportAnalysis = defineReportAnalysis({
  key: 'stalled',
  label: 'Stalled negotiations (pipeline)',
  schema: z.record(z.string(), z.unknown()),
  run: (resolve, ctx, input) => resolve(PIPELINE_ANALYSES_SERVICE).stalled(ctx, input as never),
});
