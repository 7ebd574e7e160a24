import type { Actor } from '@rapport/core/plugin';
import { DepartmentEntity, defineEntity, EmployeeEntity, p, tenantRelation } from '@rapport/core/plugin';
import type { CommissionRule } from '../pay-plan-input.js';

/** The `analytics_pay_plan` table: one version of a pay plan. */
export const PayPlanEntity = defineEntity({
  name: 'PayPlan',
  tableName: 'analytics_pay_plan',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    name: p.text(),
    employeeId: p.uuid().fieldName('employee_id').persist(false).nullable(),
    departmentId: p.uuid().fieldName('department_id').persist(false).nullable(),
    role: p.text().nullable(),
    validFrom: p.date(),
    validTo: p.date().nullable(),
    currency: p.character().length(3),
    baseSalary: p.decimal().precision(20).scale(4).defaultRaw('0'),
    basis: p.text().defaultRaw("'revenue'"),
    targetSource: p.text().defaultRaw("'none'"),
    target: p.decimal().precision(20).scale(4).nullable(),
    rules: p.json<CommissionRule[]>().defaultRaw("'[]'"),
    cap: p.decimal().precision(20).scale(4).nullable(),
    newCustomerDays: p.integer().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    createdBy: p.json<Actor>(),
    department: () => tenantRelation(DepartmentEntity, 'department_id').nullable(),
    employee: () => tenantRelation(EmployeeEntity, 'employee_id').nullable(),
  },
  checks: [
    { name: 'analytics_pay_plan_check', expression: '(num_nonnulls(employee_id, department_id, role) = 1)' },
    { name: 'analytics_pay_plan_check1', expression: '((valid_to IS NULL) OR (valid_to > valid_from))' },
    {
      name: 'analytics_pay_plan_check2',
      expression: "((target_source = 'plan'::text) = (target IS NOT NULL))",
    },
    { name: 'analytics_pay_plan_base_salary_check', expression: '(base_salary >= (0)::numeric)' },
    {
      name: 'analytics_pay_plan_basis_check',
      expression: "(basis = ANY (ARRAY['revenue'::text, 'margin'::text]))",
    },
    { name: 'analytics_pay_plan_cap_check', expression: '(cap >= (0)::numeric)' },
    { name: 'analytics_pay_plan_new_customer_days_check', expression: '(new_customer_days > 0)' },
    {
      name: 'analytics_pay_plan_role_check',
      expression: "(role = ANY (ARRAY['agent'::text, 'manager'::text, 'admin'::text]))",
    },
    { name: 'analytics_pay_plan_target_check', expression: '(target > (0)::numeric)' },
    {
      name: 'analytics_pay_plan_target_source_check',
      expression: "(target_source = ANY (ARRAY['none'::text, 'plan'::text, 'sales_plan'::text]))",
    },
  ],
  indexes: [
    {
      name: 'analytics_pay_plan_key_idx',
      expression:
        'CREATE UNIQUE INDEX analytics_pay_plan_key_idx ON analytics_pay_plan USING btree (tenant_id, employee_id, department_id, role, valid_from) NULLS NOT DISTINCT',
    },
  ],
});
