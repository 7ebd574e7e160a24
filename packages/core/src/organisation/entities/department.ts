import { defineEntity, p } from '@mikro-orm/core';
import { tenantRelation } from '../../kernel/relations.js';
import { TenantEntity } from '../../tenants/entities/tenant.js';

/** The `core_department` table. */
export const DepartmentEntity = defineEntity({
  name: 'Department',
  tableName: 'core_department',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    name: p.text(),
    parentId: p.uuid().fieldName('parent_id').persist(false).nullable(),
    path: p.array().columnType('uuid[]'),
    createdAt: p.datetime().defaultRaw('now()'),
    tenant: () =>
      p.manyToOne(TenantEntity).joinColumns('tenant_id').updateRule('no action').deleteRule('no action'),
    parent: () => tenantRelation(DepartmentEntity, 'parent_id').nullable(),
  },
  indexes: [
    {
      name: 'core_department_name_idx',
      expression:
        "CREATE UNIQUE INDEX core_department_name_idx ON core_department USING btree (tenant_id, COALESCE(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name))",
    },
    {
      name: 'core_department_path_idx',
      expression: 'CREATE INDEX core_department_path_idx ON core_department USING gin (path)',
    },
  ],
});
