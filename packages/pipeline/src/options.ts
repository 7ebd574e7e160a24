import { CronExpressionSchema, type InjectionToken, TimeZoneSchema, z } from '@rapport/core/plugin';

/** The options of the pipeline plugin; `createCrm` validates them and reports every bad field. */
export const PipelineOptionsSchema = z.object({
  /** The scheduled `pipeline.mark-stalled` run (one job per tenant on each tick). */
  stalledSchedule: z
    .object({
      /** Run on a schedule at all (`deals.markStalled` still works on demand). */
      enabled: z.boolean().default(true),
      /** Cron expression (five fields), evaluated in `tz`, checked at `createCrm`. Default: hourly, at minute 5. */
      cron: CronExpressionSchema.default('5 * * * *'),
      /** IANA time zone of the cron expression, checked at `createCrm`. */
      tz: TimeZoneSchema.default('UTC'),
    })
    .prefault({}),
});

/** The validated options, as services receive them. */
export type PipelineOptions = z.output<typeof PipelineOptionsSchema>;

/** Token under which `createCrm` registers the validated options. */
export const PIPELINE_OPTIONS: InjectionToken<PipelineOptions> = Symbol('rapport.pipeline.options');
