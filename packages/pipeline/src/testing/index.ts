/**
 * `@rapport/pipeline/testing`: fixtures for tests of the pipeline and of plugins built on it
 * (needs `@rapport/testing`).
 */
export {
  type PipelineCrm,
  type PipelineDeals,
  type PipelineFixture,
  type SeedPipelineOptions,
  seedPipeline,
} from './seed-pipeline.js';
