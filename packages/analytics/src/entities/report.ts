import {
  DepartmentEntity,
  defineEntity,
  EmployeeEntity,
  p,
  TenantEntity,
  tenantRelation,
} from '@rapport/core/plugin';

/** The `analytics_report` table: saved report definitions. */
export const ReportEntity = defineEntity({
  name: 'AnalyticsReport',
  tableName: 'analytics_report',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    name: p.text(),
    description: p.text().nullable(),
    analysis: p.text(),
    definition: p.json<Record<string, unknown>>(),
    chart: p.text().defaultRaw("'table'::text"),
    ownerId: p.uuid().fieldName('owner_id').persist(false).nullable(),
    departmentId: p.uuid().fieldName('department_id').persist(false).nullable(),
    basedOnId: p.uuid().nullable(),
    version: p.integer().defaultRaw('1'),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
    tenant: () =>
      p.manyToOne(TenantEntity).joinColumns('tenant_id').updateRule('no action').deleteRule('no action'),
    owner: () => tenantRelation(EmployeeEntity, 'owner_id').nullable(),
    department: () => tenantRelation(DepartmentEntity, 'department_id').nullable(),
  },
  indexes: [
    {
      name: 'analytics_report_name_idx',
      expression:
        'CREATE UNIQUE INDEX analytics_report_name_idx ON analytics_report USING btree (tenant_id, owner_id, lower(name)) NULLS NOT DISTINCT',
    },
    {
      name: 'analytics_report_department_idx',
      expression:
        'CREATE INDEX analytics_report_department_idx ON analytics_report USING btree (tenant_id, department_id) WHERE (department_id IS NOT NULL)',
    },
  ],
});
