import type { InjectionToken } from 'tsyringe';
import type { TenantService } from './tenant-service.js';

/** Token of the {@link TenantService}. */
export const TENANT_SERVICE: InjectionToken<TenantService> = Symbol('rapport.core.tenants');
