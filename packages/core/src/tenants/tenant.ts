import { z } from 'zod';

/** The input of `tenants.create`. */
export const TenantInputSchema = z.object({ name: z.string().trim().min(1).max(200) });

/** The input of `tenants.create`. */
export type TenantInput = z.infer<typeof TenantInputSchema>;

/** A tenant: one company's separate CRM data inside a shared database. */
export interface Tenant {
  id: string;
  name: string;
  createdAt: Date;
}

export { TenantEntity } from './entities/tenant.js';
