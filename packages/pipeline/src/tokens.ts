import type { InjectionToken } from '@rapport/core/plugin';
import type { DealService } from './deals/deal-service.js';
import type { PipelineService } from './pipelines/pipeline-service.js';

/** Token of the {@link PipelineService} (`crm.services.pipelines`). */
export const PIPELINE_SERVICE: InjectionToken<PipelineService> = Symbol('rapport.pipeline.pipelines');

/** Token of the {@link DealService} (`crm.services.deals`). */
export const DEAL_SERVICE: InjectionToken<DealService> = Symbol('rapport.pipeline.deals');
