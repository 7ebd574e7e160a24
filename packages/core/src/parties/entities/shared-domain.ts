import { defineEntity, p } from '@mikro-orm/core';

/** The `core_shared_domain` table: a tenant's changes to the default list of shared domains. */
export const SharedDomainEntity = defineEntity({
  name: 'SharedDomain',
  tableName: 'core_shared_domain',
  properties: {
    tenantId: p.uuid().primary(),
    domain: p.text().primary(),
    shared: p.boolean().defaultRaw('true'),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
