import { defineEntity, p } from '@mikro-orm/core';

/** The `core_tenant` table. Tenants hold only a name, so the table itself is not tenant-isolated. */
export const TenantSchema = defineEntity({
  name: 'Tenant',
  tableName: 'core_tenant',
  properties: {
    id: p.uuid().primary(),
    name: p.text(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});

/** The MikroORM entity class of a tenant row (`tx.em.create(TenantEntity, …)`). */
export class TenantEntity extends TenantSchema.class {}
TenantSchema.setClass(TenantEntity);
