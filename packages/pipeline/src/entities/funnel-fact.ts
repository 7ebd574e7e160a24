import { defineEntity, p } from '@rapport/core/plugin';
import { StageEntity } from './stage.js';

/** The `pipeline_funnel_fact` table: a deal's funnel figures per entry into a pipeline and stage (migration 0003). */
export const FunnelFactEntity = defineEntity({
  name: 'FunnelFact',
  tableName: 'pipeline_funnel_fact',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    dealId: p.uuid(),
    pipelineId: p.uuid().fieldName('pipeline_id').persist(false),
    enteredAt: p.datetime(),
    prevEnteredAt: p.datetime().nullable(),
    stageId: p.uuid().fieldName('stage_id').persist(false),
    currency: p.text().nullable(),
    amount: p.decimal().precision(20).scale(4).nullable(),
    entryRow: p.boolean(),
    state: p.text().nullable(),
    baseSeconds: p.decimal().columnType('numeric'),
    ongoing: p.boolean(),
    reachedNext: p.boolean(),
    reachedWon: p.boolean(),
    closedAfter: p.boolean(),
    lost: p.boolean(),
    lossReasons: p.array().columnType('text[]').defaultRaw("'{}'"),
    stage: () =>
      p
        .manyToOne(StageEntity)
        .joinColumns('tenant_id', 'pipeline_id', 'stage_id')
        .referencedColumnNames('tenant_id', 'pipeline_id', 'id')
        .updateRule('no action')
        .deleteRule('no action'),
  },
  checks: [
    {
      name: 'pipeline_funnel_fact_state_check',
      expression: "(state = ANY (ARRAY['open'::text, 'won'::text, 'lost'::text, 'moved_out'::text]))",
    },
  ],
  indexes: [
    {
      name: 'pipeline_funnel_fact_cohort_idx',
      expression:
        'CREATE INDEX pipeline_funnel_fact_cohort_idx ON pipeline_funnel_fact USING btree (tenant_id, pipeline_id, stage_id, entered_at) INCLUDE (prev_entered_at, currency, base_seconds, ongoing)',
    },
    {
      name: 'pipeline_funnel_fact_deal_idx',
      expression:
        'CREATE INDEX pipeline_funnel_fact_deal_idx ON pipeline_funnel_fact USING btree (tenant_id, deal_id)',
    },
  ],
});
