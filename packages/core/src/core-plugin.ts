import { AsyncSeriesHook, AsyncSeriesWaterfallHook } from 'tapable';
import { definePlugin } from './kernel/plugin.js';
import { kernelMigration } from './migrations/0001-kernel.js';
import { TenantEntity } from './tenants/tenant.js';
import { TenantService } from './tenants/tenant-service.js';
import { CORE_VERSION } from './version.js';
import type { InjectionToken } from 'tsyringe';

/** Token of the {@link TenantService}. */
export const TENANT_SERVICE: InjectionToken<TenantService> = Symbol('rapport.core.tenants');

/** Core's own module, installed through the same plugin contract as every other plugin. */
export const corePlugin = definePlugin({
  name: '@rapport/core',
  version: CORE_VERSION,
  description: 'Kernel tables, tenants and the core hooks',
  entities: [TenantEntity],
  migrations: [kernelMigration],
  hooks: {
    beforeTenantCreate: () => new AsyncSeriesWaterfallHook(['input', 'tx'], 'beforeTenantCreate'),
    tenantCreated: () => new AsyncSeriesHook(['tenant', 'tx'], 'tenantCreated'),
  },
  services: {
    tenants: { token: TENANT_SERVICE, useClass: TenantService },
  },
});
