import type { Actor } from '@rapport/core/plugin';
import { DepartmentEntity, defineEntity, EmployeeEntity, p, tenantRelation } from '@rapport/core/plugin';
import { PipelineEntity } from './pipeline.js';

/** The `pipeline_plan` table. */
export const SalesPlanEntity = defineEntity({
  name: 'SalesPlan',
  tableName: 'pipeline_plan',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    employeeId: p.uuid().fieldName('employee_id').persist(false).nullable(),
    departmentId: p.uuid().fieldName('department_id').persist(false).nullable(),
    periodStart: p.date(),
    periodEnd: p.date(),
    metric: p.text(),
    activityTypes: p.array().columnType('text[]').defaultRaw("'{}'"),
    pipelineId: p.uuid().fieldName('pipeline_id').persist(false).nullable(),
    currency: p.character().length(3).nullable(),
    target: p.decimal().precision(20).scale(4),
    version: p.integer().defaultRaw('1'),
    createdAt: p.datetime().defaultRaw('now()'),
    createdBy: p.json<Actor>(),
    updatedAt: p.datetime().defaultRaw('now()'),
    removedAt: p.datetime().nullable(),
    removedBy: p.json<Actor>().nullable(),
    department: () => tenantRelation(DepartmentEntity, 'department_id').nullable(),
    employee: () => tenantRelation(EmployeeEntity, 'employee_id').nullable(),
    pipeline: () => tenantRelation(PipelineEntity, 'pipeline_id').nullable(),
  },
  checks: [
    { name: 'pipeline_plan_check', expression: '(num_nonnulls(employee_id, department_id) = 1)' },
    { name: 'pipeline_plan_check1', expression: '(period_end > period_start)' },
    { name: 'pipeline_plan_check2', expression: "((metric = 'won_amount'::text) = (currency IS NOT NULL))" },
    {
      name: 'pipeline_plan_check3',
      expression: "((metric = 'activity_count'::text) = (cardinality(activity_types) > 0))",
    },
    {
      name: 'pipeline_plan_check4',
      expression: "((metric <> 'activity_count'::text) OR (pipeline_id IS NULL))",
    },
    {
      name: 'pipeline_plan_metric_check',
      expression: "(metric = ANY (ARRAY['won_amount'::text, 'won_count'::text, 'activity_count'::text]))",
    },
    { name: 'pipeline_plan_target_check', expression: '(target >= (0)::numeric)' },
  ],
  indexes: [
    {
      name: 'pipeline_plan_department_idx',
      expression:
        'CREATE INDEX pipeline_plan_department_idx ON pipeline_plan USING btree (tenant_id, department_id, period_start) WHERE (department_id IS NOT NULL)',
    },
    {
      name: 'pipeline_plan_employee_idx',
      expression:
        'CREATE INDEX pipeline_plan_employee_idx ON pipeline_plan USING btree (tenant_id, employee_id, period_start) WHERE (employee_id IS NOT NULL)',
    },
    {
      name: 'pipeline_plan_key_idx',
      expression:
        'CREATE UNIQUE INDEX pipeline_plan_key_idx ON pipeline_plan USING btree (tenant_id, employee_id, department_id, metric, period_start, period_end, pipeline_id, currency, activity_types) NULLS NOT DISTINCT WHERE (removed_at IS NULL)',
    },
  ],
});
