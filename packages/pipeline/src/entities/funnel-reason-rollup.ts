import { defineEntity, p } from '@rapport/core/plugin';
import { funnelRollupKey } from './funnel-rollup.js';

/** The `pipeline_funnel_reason_rollup` table: losses from a stage by reason, on the funnel rollup's key. */
export const FunnelReasonRollupEntity = defineEntity({
  name: 'FunnelReasonRollup',
  tableName: 'pipeline_funnel_reason_rollup',
  properties: {
    ...funnelRollupKey(),
    reason: p.text().primary(),
    losses: p.integer().defaultRaw('0'),
  },
});
