import { defineEntity, p } from '@mikro-orm/core';
import type { Actor } from '../../kernel/context.js';
import { tenantRelation } from '../../kernel/relations.js';
import { EmployeeEntity } from '../../organisation/entities/employee.js';
import { TenantEntity } from '../../tenants/entities/tenant.js';

/** The `core_campaign` table. */
export const CampaignEntity = defineEntity({
  name: 'Campaign',
  tableName: 'core_campaign',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    name: p.text(),
    channel: p.text(),
    template: p.text(),
    locale: p.text().nullable(),
    data: p.json<Record<string, unknown>>().defaultRaw("'{}'"),
    segmentId: p.uuid().nullable(),
    filter: p.json<Record<string, unknown>>(),
    rate: p.decimal().columnType('numeric'),
    status: p.text(),
    requestedBy: p.uuid().fieldName('requested_by').persist(false).nullable(),
    actor: p.json<Actor>(),
    createdAt: p.datetime().defaultRaw('now()'),
    finishedAt: p.datetime().nullable(),
    tenant: () =>
      p.manyToOne(TenantEntity).joinColumns('tenant_id').updateRule('no action').deleteRule('no action'),
    requester: () => tenantRelation(EmployeeEntity, 'requested_by').nullable(),
  },
  checks: [
    { name: 'core_campaign_rate_check', expression: '(rate > (0)::numeric)' },
    {
      name: 'core_campaign_status_check',
      expression: "(status = ANY (ARRAY['running'::text, 'completed'::text, 'cancelled'::text]))",
    },
  ],
  indexes: [
    {
      name: 'core_campaign_created_idx',
      expression:
        'CREATE INDEX core_campaign_created_idx ON core_campaign USING btree (tenant_id, created_at DESC)',
    },
  ],
});
