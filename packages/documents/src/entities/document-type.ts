import { defineEntity, p, TenantEntity } from '@rapport/core/plugin';
import type { NumberingPeriod } from '../types/type-input.js';

/** The `documents_type` table: the tenant's document types and how they are numbered. */
export const DocumentTypeEntity = defineEntity({
  name: 'DocumentType',
  tableName: 'documents_type',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    key: p.text(),
    name: p.text(),
    numberFormat: p.text().nullable(),
    period: p.text().$type<NumberingPeriod>().defaultRaw("'year'"),
    statuses: p.array().columnType('text[]').defaultRaw("'{}'"),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
    tenant: () =>
      p.manyToOne(TenantEntity).joinColumns('tenant_id').updateRule('no action').deleteRule('no action'),
  },
  checks: [
    {
      name: 'documents_type_period_check',
      expression: "(period = ANY (ARRAY['year'::text, 'month'::text, 'none'::text]))",
    },
  ],
  uniques: [
    {
      name: 'documents_type_tenant_id_key_key',
      expression:
        'CREATE UNIQUE INDEX documents_type_tenant_id_key_key ON documents_type USING btree (tenant_id, key)',
    },
  ],
});
