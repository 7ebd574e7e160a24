import { defineEntity, p } from '@mikro-orm/core';
import { tenantRelation } from '../../kernel/relations.js';
import { TenantEntity } from '../../tenants/entities/tenant.js';
import type { EmployeeRole } from '../access.js';
import { DepartmentEntity } from './department.js';

/** The `core_employee` table. */
export const EmployeeEntity = defineEntity({
  name: 'Employee',
  tableName: 'core_employee',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    name: p.text(),
    email: p.text().nullable(),
    departmentId: p.uuid().fieldName('department_id').persist(false),
    role: p.text().$type<EmployeeRole>(),
    active: p.boolean().defaultRaw('true'),
    deactivatedAt: p.datetime().nullable(),
    heirId: p.uuid().fieldName('heir_id').persist(false).nullable(),
    title: p.text().nullable(),
    phone: p.text().nullable(),
    hireDate: p.date().nullable(),
    birthDate: p.date().nullable(),
    reportsToId: p.uuid().fieldName('reports_to_id').persist(false).nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    department: () => tenantRelation(DepartmentEntity, 'department_id'),
    tenant: () =>
      p.manyToOne(TenantEntity).joinColumns('tenant_id').updateRule('no action').deleteRule('no action'),
    heir: () => tenantRelation(EmployeeEntity, 'heir_id').nullable(),
    reportsTo: () => tenantRelation(EmployeeEntity, 'reports_to_id').nullable(),
  },
  checks: [
    {
      name: 'core_employee_role_check',
      expression: "(role = ANY (ARRAY['agent'::text, 'manager'::text, 'admin'::text]))",
    },
    { name: 'core_employee_reports_to_check', expression: '(reports_to_id <> id)' },
  ],
  indexes: [
    {
      name: 'core_employee_department_idx',
      expression:
        'CREATE INDEX core_employee_department_idx ON core_employee USING btree (tenant_id, department_id)',
    },
    {
      name: 'core_employee_email_idx',
      expression:
        'CREATE UNIQUE INDEX core_employee_email_idx ON core_employee USING btree (tenant_id, lower(email)) WHERE (email IS NOT NULL)',
    },
    {
      name: 'core_employee_reports_to_idx',
      expression:
        'CREATE INDEX core_employee_reports_to_idx ON core_employee USING btree (tenant_id, reports_to_id) WHERE (reports_to_id IS NOT NULL)',
    },
  ],
});
