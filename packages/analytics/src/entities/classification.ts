import { defineEntity, EmployeeEntity, p, TenantEntity, tenantRelation } from '@rapport/core/plugin';

/** The `analytics_classification` table: a saved ABC/XYZ or RFM result. */
export const ClassificationEntity = defineEntity({
  name: 'AnalyticsClassification',
  tableName: 'analytics_classification',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    name: p.text(),
    kind: p.text(),
    input: p.json<Record<string, unknown>>(),
    summary: p.json<Record<string, unknown>>(),
    segmentIds: p.json<Record<string, string>>().defaultRaw("'{}'::jsonb"),
    ownerId: p.uuid().fieldName('owner_id').persist(false).nullable(),
    computedAt: p.datetime().defaultRaw('now()'),
    tenant: () =>
      p.manyToOne(TenantEntity).joinColumns('tenant_id').updateRule('no action').deleteRule('no action'),
    owner: () => tenantRelation(EmployeeEntity, 'owner_id').nullable(),
  },
  checks: [
    {
      name: 'analytics_classification_kind_check',
      expression: "(kind = ANY (ARRAY['abc'::text, 'rfm'::text]))",
    },
  ],
  indexes: [
    {
      name: 'analytics_classification_name_idx',
      expression:
        'CREATE UNIQUE INDEX analytics_classification_name_idx ON analytics_classification USING btree (tenant_id, lower(name))',
    },
  ],
});
