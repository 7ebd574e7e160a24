import type { Actor } from '@rapport/core/plugin';
import { defineEntity, p, tenantRelation } from '@rapport/core/plugin';
import { SalesPlanEntity } from './sales-plan.js';

/** The `pipeline_plan_history` table. */
export const SalesPlanHistoryEntity = defineEntity({
  name: 'SalesPlanHistory',
  tableName: 'pipeline_plan_history',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    planId: p.uuid().fieldName('plan_id').persist(false),
    version: p.integer(),
    operation: p.text(),
    oldTarget: p.decimal().precision(20).scale(4).nullable(),
    newTarget: p.decimal().precision(20).scale(4).nullable(),
    changedAt: p.datetime().defaultRaw('now()'),
    actor: p.json<Actor>(),
    plan: () => tenantRelation(SalesPlanEntity, 'plan_id'),
  },
  checks: [
    {
      name: 'pipeline_plan_history_operation_check',
      expression: "(operation = ANY (ARRAY['create'::text, 'update'::text, 'remove'::text]))",
    },
  ],
  uniques: [
    {
      name: 'pipeline_plan_history_tenant_id_plan_id_version_key',
      expression:
        'CREATE UNIQUE INDEX pipeline_plan_history_tenant_id_plan_id_version_key ON pipeline_plan_history USING btree (tenant_id, plan_id, version)',
    },
  ],
});
