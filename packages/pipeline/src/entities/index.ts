import type { AnyPlugin, TableOf } from '@rapport/core/plugin';
import { DealEntity } from './deal.js';
import { DealContactEntity } from './deal-contact.js';
import { DealHistoryEntity } from './deal-history.js';
import { FunnelFactEntity } from './funnel-fact.js';
import { FunnelReasonRollupEntity } from './funnel-reason-rollup.js';
import { FunnelRollupEntity } from './funnel-rollup.js';
import { PipelineEntity } from './pipeline.js';
import { SalesPlanEntity } from './sales-plan.js';
import { SalesPlanHistoryEntity } from './sales-plan-history.js';
import { StageEntity } from './stage.js';
import { StageChangeEntity } from './stage-change.js';

export {
  DealContactEntity,
  DealEntity,
  DealHistoryEntity,
  FunnelFactEntity,
  FunnelReasonRollupEntity,
  FunnelRollupEntity,
  PipelineEntity,
  SalesPlanEntity,
  SalesPlanHistoryEntity,
  StageChangeEntity,
  StageEntity,
};

/** Every entity of the pipeline, registered through the plugin's `entities`. */
export const pipelineEntities: NonNullable<AnyPlugin['entities']> = [
  PipelineEntity,
  StageEntity,
  DealEntity,
  DealContactEntity,
  StageChangeEntity,
  DealHistoryEntity,
  SalesPlanEntity,
  SalesPlanHistoryEntity,
  FunnelFactEntity,
  FunnelRollupEntity,
  FunnelReasonRollupEntity,
];

declare module '@rapport/core/plugin' {
  /** The pipeline's tables, added to `tx.db` by declaration merging. */
  interface RapportTables {
    Pipeline: TableOf<typeof PipelineEntity>;
    Stage: TableOf<typeof StageEntity>;
    Deal: TableOf<typeof DealEntity>;
    DealContact: TableOf<typeof DealContactEntity>;
    StageChange: TableOf<typeof StageChangeEntity>;
    DealHistory: TableOf<typeof DealHistoryEntity>;
    SalesPlan: TableOf<typeof SalesPlanEntity>;
    SalesPlanHistory: TableOf<typeof SalesPlanHistoryEntity>;
    FunnelFact: TableOf<typeof FunnelFactEntity>;
    FunnelRollup: TableOf<typeof FunnelRollupEntity>;
    FunnelReasonRollup: TableOf<typeof FunnelReasonRollupEntity>;
  }
}
