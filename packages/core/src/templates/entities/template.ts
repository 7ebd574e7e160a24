import { defineEntity, p } from '@mikro-orm/core';
import type { Actor } from '../../kernel/context.js';
import { TenantEntity } from '../../tenants/entities/tenant.js';

/** The `core_template` table: tenants' own template versions (code templates live in memory). */
export const TemplateEntity = defineEntity({
  name: 'Template',
  tableName: 'core_template',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    kind: p.text(),
    name: p.text(),
    locale: p.text(),
    version: p.integer(),
    parts: p.json<Record<string, unknown>>().nullable(),
    removed: p.boolean().defaultRaw('false'),
    actor: p.json<Actor>(),
    createdAt: p.datetime().defaultRaw('now()'),
    tenant: () =>
      p.manyToOne(TenantEntity).joinColumns('tenant_id').updateRule('no action').deleteRule('no action'),
  },
  checks: [
    { name: 'core_template_check', expression: '(removed OR (parts IS NOT NULL))' },
    { name: 'core_template_version_check', expression: '(version > 0)' },
  ],
  uniques: [
    {
      name: 'core_template_tenant_id_kind_name_locale_version_key',
      expression:
        'CREATE UNIQUE INDEX core_template_tenant_id_kind_name_locale_version_key ON core_template USING btree (tenant_id, kind, name, locale, version)',
    },
  ],
});
