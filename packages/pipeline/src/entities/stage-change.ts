import type { Actor } from '@rapport/core/plugin';
import { defineEntity, EmployeeEntity, JournalEntryEntity, p, tenantRelation } from '@rapport/core/plugin';
import { DealEntity } from './deal.js';
import { StageEntity } from './stage.js';

/** The `pipeline_stage_change` table. */
export const StageChangeEntity = defineEntity({
  name: 'StageChange',
  tableName: 'pipeline_stage_change',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    dealId: p.uuid().fieldName('deal_id').persist(false),
    pipelineId: p.uuid().fieldName('pipeline_id').persist(false),
    fromStageId: p.uuid().fieldName('from_stage_id').persist(false).nullable(),
    toStageId: p.uuid().fieldName('to_stage_id').persist(false),
    changedAt: p.datetime(),
    employeeId: p.uuid().fieldName('employee_id').persist(false).nullable(),
    actor: p.json<Actor>(),
    reason: p.text().nullable(),
    journalEntryId: p.uuid().fieldName('journal_entry_id').persist(false).nullable(),
    deal: () => tenantRelation(DealEntity, 'deal_id'),
    employee: () => tenantRelation(EmployeeEntity, 'employee_id').nullable(),
    fromStage: () => tenantRelation(StageEntity, 'from_stage_id').nullable(),
    journalEntry: () => tenantRelation(JournalEntryEntity, 'journal_entry_id').nullable(),
    toStage: () =>
      p
        .manyToOne(StageEntity)
        .joinColumns('tenant_id', 'pipeline_id', 'to_stage_id')
        .referencedColumnNames('tenant_id', 'pipeline_id', 'id')
        .updateRule('no action')
        .deleteRule('no action'),
  },
  indexes: [
    {
      name: 'pipeline_stage_change_deal_idx',
      expression:
        'CREATE INDEX pipeline_stage_change_deal_idx ON pipeline_stage_change USING btree (tenant_id, deal_id, changed_at, id) INCLUDE (pipeline_id, to_stage_id, from_stage_id)',
    },
    {
      name: 'pipeline_stage_change_pipeline_idx',
      expression:
        'CREATE INDEX pipeline_stage_change_pipeline_idx ON pipeline_stage_change USING btree (tenant_id, pipeline_id, changed_at) INCLUDE (deal_id, from_stage_id)',
    },
  ],
});
