import { z } from 'zod';
import { TimeZoneSchema } from '../values/time.js';

/** The input of `tenants.create`. */
export const TenantInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  /** The IANA time zone "today" and calendar periods are computed in (default UTC). */
  timeZone: TimeZoneSchema.default('UTC'),
});

/** The input of `tenants.create`. */
export type TenantInput = z.input<typeof TenantInputSchema>;

/** A tenant: one company's separate CRM data inside a shared database. */
export interface Tenant {
  id: string;
  name: string;
  /** The IANA time zone of the tenant's days and periods. */
  timeZone: string;
  createdAt: Date;
}

export { TenantEntity } from './entities/tenant.js';
