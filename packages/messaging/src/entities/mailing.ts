import {
  type Actor,
  defineEntity,
  EmployeeEntity,
  p,
  TenantEntity,
  tenantRelation,
} from '@rapport/core/plugin';

/** The `messaging_mailing` table. */
export const MailingEntity = defineEntity({
  name: 'Mailing',
  tableName: 'messaging_mailing',
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
    attachmentCount: p.integer().defaultRaw('0'),
    tenant: () =>
      p.manyToOne(TenantEntity).joinColumns('tenant_id').updateRule('no action').deleteRule('no action'),
    requester: () => tenantRelation(EmployeeEntity, 'requested_by').nullable(),
  },
  checks: [
    { name: 'messaging_mailing_attachment_count_check', expression: '(attachment_count >= 0)' },
    { name: 'messaging_mailing_rate_check', expression: '(rate > (0)::numeric)' },
    {
      name: 'messaging_mailing_status_check',
      expression: "(status = ANY (ARRAY['running'::text, 'completed'::text, 'cancelled'::text]))",
    },
  ],
  indexes: [
    {
      name: 'messaging_mailing_created_idx',
      expression:
        'CREATE INDEX messaging_mailing_created_idx ON messaging_mailing USING btree (tenant_id, created_at DESC)',
    },
  ],
});
