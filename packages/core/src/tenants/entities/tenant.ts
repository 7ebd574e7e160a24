import { defineEntity, p } from '@mikro-orm/core';

/** The `core_tenant` table: a name and a time zone, so the table itself is not tenant-isolated. */
export const TenantEntity = defineEntity({
  name: 'Tenant',
  tableName: 'core_tenant',
  properties: {
    id: p.uuid().primary(),
    name: p.text(),
    /** IANA time zone in which the tenant's days and periods are computed. */
    timeZone: p.text().default('UTC'),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
