import { defineEntity, p } from '@mikro-orm/core';
import type { Actor } from '../../kernel/context.js';
import { tenantRelation } from '../../kernel/relations.js';
import { PartyEntity } from '../../parties/entities/party.js';
import { DepartmentEntity } from './department.js';
import { EmployeeEntity } from './employee.js';

/** The `core_party_share` table. */
export const PartyShareEntity = defineEntity({
  name: 'PartyShare',
  tableName: 'core_party_share',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    partyId: p.uuid().fieldName('party_id').persist(false),
    employeeId: p.uuid().fieldName('employee_id').persist(false).nullable(),
    departmentId: p.uuid().fieldName('department_id').persist(false).nullable(),
    grantedBy: p.json<Actor>(),
    grantedAt: p.datetime().defaultRaw('now()'),
    department: () => tenantRelation(DepartmentEntity, 'department_id').nullable(),
    employee: () => tenantRelation(EmployeeEntity, 'employee_id').nullable(),
    party: () => tenantRelation(PartyEntity, 'party_id'),
  },
  checks: [{ name: 'core_party_share_check', expression: '(num_nonnulls(employee_id, department_id) = 1)' }],
  indexes: [
    {
      name: 'core_party_share_department_idx',
      expression:
        'CREATE INDEX core_party_share_department_idx ON core_party_share USING btree (tenant_id, department_id, party_id) WHERE (department_id IS NOT NULL)',
    },
    {
      name: 'core_party_share_employee_idx',
      expression:
        'CREATE INDEX core_party_share_employee_idx ON core_party_share USING btree (tenant_id, employee_id, party_id) WHERE (employee_id IS NOT NULL)',
    },
    {
      name: 'core_party_share_unique_idx',
      expression:
        'CREATE UNIQUE INDEX core_party_share_unique_idx ON core_party_share USING btree (tenant_id, party_id, COALESCE(employee_id, department_id))',
    },
  ],
});
