import { defineEntity, p } from '@mikro-orm/core';

/** The `core_tenant` table. Tenants hold only a name, so the table itself is not tenant-isolated. */
export const TenantEntity = defineEntity({
  name: 'Tenant',
  tableName: 'core_tenant',
  properties: {
    id: p.uuid().primary(),
    name: p.text(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
