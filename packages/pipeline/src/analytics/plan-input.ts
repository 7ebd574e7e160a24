import { z } from '@rapport/core/plugin';
import { CurrencySchema, DateOnlySchema, TimeZoneSchema } from './common.js';

/** What a sales plan measures. */
export type PlanMetric = 'won_amount' | 'won_count' | 'activity_count';

const Target = z
  .union([
    z.string().regex(/^\d{1,16}(\.\d{1,4})?$/, 'expected a non-negative decimal with at most 4 decimals'),
    z.number().nonnegative(),
  ])
  .transform((value) => String(value));

const uuid = z.uuid().transform((value) => value.toLowerCase());

/** Input of `salesPlans.set`: a new target for one employee or one department over `[periodStart, periodEnd)`. */
export const PlanInputSchema = z
  .object({
    employeeId: uuid.optional(),
    departmentId: uuid.optional(),
    /** First day of the plan (inclusive), `YYYY-MM-DD`. */
    periodStart: DateOnlySchema,
    /** Day after the last day of the plan (exclusive), `YYYY-MM-DD`: a January plan ends `2026-02-01`. */
    periodEnd: DateOnlySchema,
    metric: z.enum(['won_amount', 'won_count', 'activity_count']),
    /** For `activity_count`: the journal entry types counted (e.g. `call_outgoing`, `visit`). */
    activityTypes: z.array(z.string().min(1).max(100)).max(50).optional(),
    /** For won metrics: only deals of this pipeline (default every pipeline). */
    pipelineId: uuid.optional(),
    /** For `won_amount`: the currency of the target; only deals in it count. */
    currency: CurrencySchema.optional(),
    /** The target: an amount (exact decimal) or a count. */
    target: Target,
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message, input: v });
    if ((v.employeeId === undefined) === (v.departmentId === undefined))
      issue('employeeId', 'give exactly one of employeeId and departmentId');
    if (v.periodEnd <= v.periodStart) issue('periodEnd', 'periodEnd (exclusive) must be after periodStart');
    if (v.metric === 'won_amount' && v.currency === undefined)
      issue('currency', 'a won_amount plan needs a currency');
    if (v.metric !== 'won_amount' && v.currency !== undefined)
      issue('currency', 'only won_amount plans have a currency');
    if (v.metric === 'activity_count' && !v.activityTypes?.length)
      issue('activityTypes', 'an activity_count plan needs at least one activity type');
    if (v.metric !== 'activity_count' && v.activityTypes !== undefined)
      issue('activityTypes', 'only activity_count plans count activity types');
    if (v.metric === 'activity_count' && v.pipelineId !== undefined)
      issue('pipelineId', 'activity_count plans are not tied to a pipeline');
    if ((v.metric === 'won_count' || v.metric === 'activity_count') && !/^\d+(\.0+)?$/.test(v.target))
      issue('target', 'a count target must be a whole number');
  });

/** What `salesPlans.set` accepts. */
export type PlanInput = z.input<typeof PlanInputSchema>;

/** Input of `salesPlans.update`: a new target, optionally guarded by the version read. */
export const PlanUpdateSchema = z.object({ target: Target, expectedVersion: z.int().positive().optional() });
/** What `salesPlans.update` accepts. */
export type PlanUpdate = z.input<typeof PlanUpdateSchema>;

/** Input of `salesPlans.list`. */
export const PlanListSchema = z.object({
  employeeId: uuid.optional(),
  departmentId: uuid.optional(),
  /** Plans overlapping `[from, to)` (dates). */
  from: DateOnlySchema.optional(),
  to: DateOnlySchema.optional(),
  includeRemoved: z.boolean().default(false),
});
/** What `salesPlans.list` accepts. */
export type PlanListQuery = z.input<typeof PlanListSchema>;

/** Input of `salesPlans.progress`. */
export const PlanProgressSchema = z
  .object({
    /** First day of the period asked (inclusive). */
    from: DateOnlySchema,
    /** Day after the last day asked (exclusive). */
    to: DateOnlySchema,
    /** Only this employee's plans. */
    employeeId: uuid.optional(),
    /** Only plans of this department, the departments below it, and their employees. */
    departmentId: uuid.optional(),
    /** The time zone in which days start (default the tenant's). */
    timeZone: TimeZoneSchema.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.to <= v.from)
      ctx.addIssue({ code: 'custom', path: ['to'], message: '`to` must be after `from`', input: v.to });
  });
/** What `salesPlans.progress` accepts. */
export type PlanProgressQuery = z.input<typeof PlanProgressSchema>;
