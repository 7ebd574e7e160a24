import { CalendarDateSchema, z } from '@rapport/core/plugin';
import { id } from '../contracts/contract-input.js';

const period = z
  .strictObject({ from: CalendarDateSchema, to: CalendarDateSchema })
  .refine((p) => p.from <= p.to, { path: ['to'], message: 'must not be before from' });

/** Options of `contractQueries.inForce`. */
export const InForceQuerySchema = z.strictObject({
  partyId: id,
  /** The day (default: today in the tenant's time zone). */
  on: CalendarDateSchema.optional(),
});
export type InForceQuery = z.input<typeof InForceQuerySchema>;

/** Options of `contractQueries.expiring`: a period, or `withinDays` from `on` (default 30 from today). */
export const ExpiringQuerySchema = z.strictObject({
  on: CalendarDateSchema.optional(),
  withinDays: z.int().min(0).max(3660).default(30),
  from: CalendarDateSchema.optional(),
  to: CalendarDateSchema.optional(),
  ownerId: id.optional(),
  limit: z.int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
export type ExpiringQuery = z.input<typeof ExpiringQuerySchema>;

/** Options of `contractQueries.renewalsDue` and `churned`: a period of days. */
export const PeriodQuerySchema = period;
export type PeriodQuery = z.input<typeof PeriodQuerySchema>;

/** Options of `contractQueries.revenue`. */
export const RevenueQuerySchema = z
  .strictObject({
    from: CalendarDateSchema,
    to: CalendarDateSchema,
    /** Split by owner (default) or one row per month and currency. */
    byOwner: z.boolean().default(true),
  })
  .refine((p) => p.from <= p.to, { path: ['to'], message: 'must not be before from' });
export type RevenueQuery = z.input<typeof RevenueQuerySchema>;
