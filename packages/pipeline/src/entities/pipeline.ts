import { defineEntity, p, TenantEntity } from '@rapport/core/plugin';

/** The `pipeline_pipeline` table. */
export const PipelineEntity = defineEntity({
  name: 'Pipeline',
  tableName: 'pipeline_pipeline',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    name: p.text(),
    currency: p.character().length(3).nullable(),
    position: p.integer().defaultRaw('0'),
    archivedAt: p.datetime().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    tenant: () =>
      p.manyToOne(TenantEntity).joinColumns('tenant_id').updateRule('no action').deleteRule('no action'),
  },
  indexes: [
    {
      name: 'pipeline_pipeline_name_idx',
      expression:
        'CREATE UNIQUE INDEX pipeline_pipeline_name_idx ON pipeline_pipeline USING btree (tenant_id, lower(name)) WHERE (archived_at IS NULL)',
    },
  ],
});
