import { defineEntity, EmployeeEntity, p, tenantRelation } from '@rapport/core/plugin';
import { PayPlanEntity } from './pay-plan.js';
import { PayRunEntity } from './pay-run.js';

/** The `analytics_pay_statement` table: one agent's pay in one run. */
export const PayStatementEntity = defineEntity({
  name: 'PayStatement',
  tableName: 'analytics_pay_statement',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    runId: p.uuid().fieldName('run_id').persist(false),
    employeeId: p.uuid().fieldName('employee_id').persist(false),
    planId: p.uuid().fieldName('plan_id').persist(false).nullable(),
    currency: p.character().length(3),
    base: p.decimal().precision(20).scale(4),
    revenue: p.decimal().precision(20).scale(4),
    target: p.decimal().precision(20).scale(4).nullable(),
    earned: p.decimal().precision(20).scale(4),
    commission: p.decimal().precision(20).scale(4),
    adjustments: p.decimal().precision(20).scale(4),
    total: p.decimal().precision(20).scale(4),
    run: () => tenantRelation(PayRunEntity, 'run_id'),
    employee: () => tenantRelation(EmployeeEntity, 'employee_id'),
    plan: () => tenantRelation(PayPlanEntity, 'plan_id').nullable(),
  },
  uniques: [
    {
      name: 'analytics_pay_statement_tenant_id_run_id_employee_id_key',
      properties: ['tenantId', 'runId', 'employeeId'],
    },
  ],
});
