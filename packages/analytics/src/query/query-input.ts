import { CurrencySchema, z } from '@rapport/core/plugin';
import { PeriodSchema } from '../shared/period.js';
import { DIMENSION_NAMES, type Dimension } from './dimensions.js';
import { MEASURE_NAMES, type Measure } from './measures.js';

const dimension = z.union([
  z.enum(DIMENSION_NAMES),
  z.string().regex(/^custom\.[a-z][a-zA-Z0-9_]{0,62}$/, 'must be a dimension or custom.<key>'),
]);
const activityType = z.string().regex(/^[a-z][a-z0-9_.-]{0,80}$/, 'must be an activity type key');

/** The filters of an analysis over the journal: the period is required, the rest optional. */
export const JournalFiltersSchema = z.strictObject({
  period: PeriodSchema,
  /** A core party filter (segment filter JSON) over the customer party. */
  segment: z.unknown().optional(),
  /** Only entries of these activity types. */
  types: z.array(activityType).min(1).max(100).optional(),
  /** Only entries recorded for these employees. */
  employeeIds: z.array(z.uuid()).min(1).max(1000).optional(),
  /** Only entries of employees of this department or the departments below it. */
  departmentId: z.uuid().optional(),
  /** Only entries of this employee and everyone who reports to them, directly or indirectly. */
  teamOf: z.uuid().optional(),
  /** Only entries about these parties. */
  partyIds: z.array(z.uuid()).min(1).max(1000).optional(),
  /** Only entries in this currency. */
  currency: CurrencySchema.optional(),
  /** Only entries with one of these outcomes. */
  outcomes: z.array(z.string().min(1).max(500)).min(1).max(100).optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  /** The party link role that makes a party the entry's customer (default `customer`). */
  partyRole: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,40}$/)
    .default('customer'),
});

/** What the journal filters accept. */
export type JournalFilters = z.input<typeof JournalFiltersSchema>;

/** Input of `analytics.query`. */
export const AnalyticsQuerySchema = z.strictObject({
  measures: z.array(z.enum(MEASURE_NAMES)).min(1).max(20),
  dimensions: z.array(dimension).max(4).default([]),
  filters: JournalFiltersSchema,
  /** Also compute every measure over the previous period (not with a `period.*` dimension). */
  compare: z.literal('previousPeriod').optional(),
  /** Order of the rows: measures or dimensions asked for (default: the first measure, descending). */
  orderBy: z
    .array(z.strictObject({ field: z.string(), direction: z.enum(['asc', 'desc']).default('desc') }))
    .max(5)
    .optional(),
  /** At most this many rows (default and maximum: the `maxRows` option). */
  limit: z.int().min(1).max(1_000_000).optional(),
});

/** What `analytics.query` accepts, typed by the measures and dimensions asked. */
export interface AnalyticsQuery<M extends Measure = Measure, D extends Dimension = Dimension> {
  measures: readonly M[];
  dimensions?: readonly D[];
  filters: JournalFilters;
  compare?: 'previousPeriod';
  orderBy?: ReadonlyArray<{ field: M | D; direction?: 'asc' | 'desc' }>;
  limit?: number;
}

/** The parsed query. */
export type ParsedQuery = z.output<typeof AnalyticsQuerySchema>;
/** The parsed filters. */
export type ParsedFilters = z.output<typeof JournalFiltersSchema>;
