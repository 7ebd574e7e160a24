import { CronExpressionSchema, type InjectionToken, TimeZoneSchema, z } from '@rapport/core/plugin';

/** The options of the contracts plugin; `createCrm` validates them and reports every bad field. */
export const ContractsOptionsSchema = z.object({
  /** Days before the notice deadline and before the end date on which the owner gets a task. */
  reminderDays: z.array(z.int().min(0).max(365)).min(1).max(10).default([30, 7]),
  /** The scheduled `contracts.daily` run (one job per tenant on each tick). */
  dailySchedule: z
    .object({
      enabled: z.boolean().default(true),
      /** Cron expression (five fields) in `tz`. Default: every day at 06:15. */
      cron: CronExpressionSchema.default('15 6 * * *'),
      /** Time zone of the cron; the job's day is always the tenant's own date. */
      tz: TimeZoneSchema.default('UTC'),
    })
    .prefault({}),
});

/** The validated options, as services receive them. */
export type ContractsOptions = z.output<typeof ContractsOptionsSchema>;

/** Token under which `createCrm` registers the validated options. */
export const CONTRACTS_OPTIONS: InjectionToken<ContractsOptions> = Symbol('rapport.contracts.options');
