import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { TimeZoneSchema } from '../values/time.js';

/**
 * Why `cron` is not a five-field cron expression pg-boss can run, or undefined when it is one.
 * Parsed with cron-parser, the library pg-boss evaluates schedules with, so what passes here is
 * exactly what the queue accepts at start-up.
 */
export function cronProblem(cron: string): string | undefined {
  const fields = cron.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5)
    return `must have five fields (minute hour day-of-month month day-of-week), not ${fields.length}`;
  try {
    CronExpressionParser.parse(cron, { tz: 'UTC', strict: false });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** A five-field cron expression, checked as pg-boss will run it. */
export const CronExpressionSchema = z
  .string()
  .trim()
  .max(100)
  .superRefine((cron, ctx) => {
    const problem = cronProblem(cron);
    if (problem) ctx.addIssue({ code: 'custom', message: `Invalid cron expression "${cron}": ${problem}` });
  });

/**
 * A job schedule in a plugin's options: a cron expression and its time zone (default UTC). Use it
 * in options schemas, so that `createCrm` refuses a bad one as INVALID_DATA naming the option.
 *
 * @example
 * const Options = z.object({ sweep: JobScheduleSchema.prefault({ cron: '0 3 * * *' }) });
 */
export const JobScheduleSchema = z.object({ cron: CronExpressionSchema, tz: TimeZoneSchema.default('UTC') });
