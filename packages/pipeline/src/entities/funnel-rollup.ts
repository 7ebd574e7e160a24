import { defineEntity, p } from '@rapport/core/plugin';

/** The key shared by the funnel's rollups (migration 0003). */
export const funnelRollupKey = () => ({
  tenantId: p.uuid().primary(),
  pipelineId: p.uuid().primary(),
  entryDay: p.date().primary(),
  prevDay: p.date().primary(),
  stageId: p.uuid().primary(),
  currency: p.text().primary(),
});

const count = () => p.integer().defaultRaw('0');
const sum = () => p.decimal().columnType('numeric').defaultRaw('0');

/** The `pipeline_funnel_rollup` table: additive funnel figures by pipeline, entry day, previous entry day, stage and currency. */
export const FunnelRollupEntity = defineEntity({
  name: 'FunnelRollup',
  tableName: 'pipeline_funnel_rollup',
  properties: {
    ...funnelRollupKey(),
    deals: count(),
    openDeals: count(),
    wonDeals: count(),
    lostDeals: count(),
    movedOut: count(),
    wonAmount: sum(),
    entered: count(),
    reachedNext: count(),
    reachedWon: count(),
    closedAfter: count(),
    ongoing: count(),
    lost: count(),
    amount: sum(),
    baseSeconds: sum(),
  },
});
