import { defineEntity, p } from '@mikro-orm/core';
import type { Actor } from '../../kernel/context.js';
import { tenantRelation } from '../../kernel/relations.js';
import { EmployeeEntity } from './employee.js';

/** The `core_reassignment` table. */
export const ReassignmentEntity = defineEntity({
  name: 'Reassignment',
  tableName: 'core_reassignment',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    fromEmployeeId: p.uuid().fieldName('from_employee_id').persist(false).nullable(),
    toEmployeeId: p.uuid().fieldName('to_employee_id').persist(false).nullable(),
    reason: p.text(),
    filter: p.json<Record<string, unknown>>().nullable(),
    moved: p.json<Record<string, number>>().defaultRaw("'{}'"),
    actor: p.json<Actor>(),
    at: p.datetime().defaultRaw('now()'),
    fromEmployee: () => tenantRelation(EmployeeEntity, 'from_employee_id').nullable(),
    toEmployee: () => tenantRelation(EmployeeEntity, 'to_employee_id').nullable(),
  },
  indexes: [
    {
      name: 'core_reassignment_from_idx',
      expression:
        'CREATE INDEX core_reassignment_from_idx ON core_reassignment USING btree (tenant_id, from_employee_id, at)',
    },
  ],
});
