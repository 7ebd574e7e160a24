import {
  type CallContext,
  DATABASE,
  type Database,
  inject,
  injectable,
  parse,
  SEGMENT_SERVICE,
  type SegmentService,
  z,
} from '@rapport/core/plugin';
import { JournalFiltersSchema } from '../query/query-input.js';
import { prepareFacts } from '../shared/prepare.js';
import { conversionSql } from './conversion-sql.js';

/** Input of `activityAnalysis.conversion`. */
export const ConversionQuerySchema = z.strictObject({
  filters: JournalFiltersSchema.omit({ types: true, currency: true }),
  /** The activities that count as a touch (default: visits, meetings and calls). */
  activityTypes: z
    .array(z.string().regex(/^[a-z][a-z0-9_.-]{0,80}$/))
    .min(1)
    .max(50)
    .default(['visit', 'meeting', 'call_outgoing', 'call_incoming']),
  /** A sale within this many days after the touch converts it. */
  withinDays: z.int().min(1).max(3650).default(30),
  /** One row per employee who made the touch, per activity type, or one row. */
  by: z.enum(['employee', 'type', 'none']).default('employee'),
});

/** What `activityAnalysis.conversion` accepts. */
export type ConversionQuery = z.input<typeof ConversionQuerySchema>;

/** One group of the conversion analysis. */
export interface ConversionGroup {
  /** The employee id or activity type; null for `by: 'none'` (or touches without an employee). */
  key: string | null;
  /** Parties touched (their first touch in the period, per group). */
  touched: number;
  /** Of them, parties with a sale within `withinDays` after the touch. */
  converted: number;
  /** converted / touched. */
  rate: number | null;
  /** Mean days from the touch to that first sale. */
  averageDays: number | null;
}

/** The result of `activityAnalysis.conversion`. */
export interface ConversionResult {
  period: { from: Date; to: Date; timeZone: string };
  withinDays: number;
  activityTypes: string[];
  groups: ConversionGroup[];
}

const GROUPS = { employee: 'e.employee_id::text', type: 'e.type', none: 'null::text' } as const;

/**
 * Activity → sales conversion, in one SQL statement: of the customers touched by a visit, meeting or
 * call in the period, the share with a sale within N days after. `crm.services.activityAnalysis`.
 * (Counts, durations and outcomes of activities are measures of `analytics.query`.)
 */
@injectable()
export class ActivityAnalysis {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(SEGMENT_SERVICE) private readonly segments: SegmentService,
  ) {}

  /**
   * @example
   * const c = await crm.services.activityAnalysis.conversion(ctx, {
   *   filters: { period: { last: 'quarter' } }, activityTypes: ['visit'], withinDays: 14 });
   */
  async conversion(ctx: CallContext, query: ConversionQuery): Promise<ConversionResult> {
    const q = parse(ConversionQuerySchema, query, 'conversion query');
    return this.db.transaction(ctx, async (tx) => {
      const prepared = await prepareFacts(
        tx,
        this.segments,
        { ...q.filters, types: q.activityTypes },
        {
          what: 'conversion query',
        },
      );
      const rows = await tx.sql<{
        key: string | null;
        touched: number;
        converted: number;
        average_days: number | null;
      }>(conversionSql(prepared.facts, GROUPS[q.by], prepared.bind(q.withinDays)), prepared.params);
      return {
        period: { from: prepared.period.from, to: prepared.period.to, timeZone: prepared.period.timeZone },
        withinDays: q.withinDays,
        activityTypes: q.activityTypes,
        groups: rows.map((r) => ({
          key: r.key,
          touched: r.touched,
          converted: r.converted,
          rate: r.touched > 0 ? r.converted / r.touched : null,
          averageDays: r.average_days,
        })),
      };
    });
  }
}
