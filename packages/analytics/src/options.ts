import { type InjectionToken, z } from '@rapport/core/plugin';

/** The options of the analytics plugin; `createCrm` validates them and reports every bad field. */
export const AnalyticsOptionsSchema = z
  .object({
    /** Default ABC thresholds: cumulative revenue share (percent) closing class A and class B. */
    abc: z
      .object({
        a: z.number().gt(0).lt(100).default(80),
        b: z.number().gt(0).lt(100).default(95),
      })
      .refine((t) => t.a < t.b, { message: '`a` must be below `b`', path: ['b'] })
      .prefault({}),
    /** Default XYZ thresholds: coefficient of variation of monthly revenue closing X and Y. */
    xyz: z
      .object({
        x: z.number().gt(0).default(0.5),
        y: z.number().gt(0).default(1),
      })
      .refine((t) => t.x < t.y, { message: '`x` must be below `y`', path: ['y'] })
      .prefault({}),
    /** Most rows one `analytics.query` returns (its `limit` may ask for fewer). */
    maxRows: z.int().min(1).max(1_000_000).default(10_000),
  })
  .prefault({});

/** The validated options, as services receive them. */
export type AnalyticsOptions = z.output<typeof AnalyticsOptionsSchema>;

/** Token under which `createCrm` registers the validated options. */
export const ANALYTICS_OPTIONS: InjectionToken<AnalyticsOptions> = Symbol('rapport.analytics.options');
