import { defineEntity, p, tenantRelation } from '@rapport/core/plugin';
import type { StageOutcome } from '../types.js';
import { PipelineEntity } from './pipeline.js';

/** The `pipeline_stage` table. */
export const StageEntity = defineEntity({
  name: 'Stage',
  tableName: 'pipeline_stage',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    pipelineId: p.uuid().fieldName('pipeline_id').persist(false),
    name: p.text(),
    position: p.integer().nullable(),
    probability: p.decimal().precision(5).scale(4),
    outcome: p.text().$type<StageOutcome>().defaultRaw("'open'"),
    rottingDays: p.integer().nullable(),
    archivedAt: p.datetime().nullable(),
    pipeline: () => tenantRelation(PipelineEntity, 'pipeline_id'),
  },
  checks: [
    { name: 'pipeline_stage_check', expression: '((archived_at IS NULL) = ("position" IS NOT NULL))' },
    {
      name: 'pipeline_stage_outcome_check',
      expression: "(outcome = ANY (ARRAY['open'::text, 'won'::text, 'lost'::text]))",
    },
    {
      name: 'pipeline_stage_probability_check',
      expression: '((probability >= (0)::numeric) AND (probability <= (1)::numeric))',
    },
    { name: 'pipeline_stage_rotting_days_check', expression: '(rotting_days > 0)' },
  ],
  uniques: [
    {
      name: 'pipeline_stage_position_key',
      expression:
        'CREATE UNIQUE INDEX pipeline_stage_position_key ON pipeline_stage USING btree (tenant_id, pipeline_id, "position")',
    },
    {
      name: 'pipeline_stage_tenant_id_pipeline_id_id_key',
      expression:
        'CREATE UNIQUE INDEX pipeline_stage_tenant_id_pipeline_id_id_key ON pipeline_stage USING btree (tenant_id, pipeline_id, id)',
    },
  ],
});
