import {
  type CallContext,
  DATABASE,
  type Database,
  entryVisibilitySql,
  inject,
  injectable,
  type Money,
  parse,
  SEGMENT_SERVICE,
  type SegmentService,
  z,
} from '@rapport/core/plugin';
import { prepareParties } from '../shared/party-scope.js';
import { PeriodSchema } from '../shared/period.js';
import { sourcesSql } from './sources-sql.js';

/** Input of `acquisition.sources`. */
export const SourcesQuerySchema = z.strictObject({
  /** The cohort: parties created in this period. */
  period: PeriodSchema,
  /** Group by the party's source channel (default) or campaign. */
  by: z.enum(['channel', 'campaign']).default('channel'),
  /** Only parties matching this core party filter. */
  segment: z.unknown().optional(),
});
/** What `acquisition.sources` accepts. */
export type SourcesQuery = z.input<typeof SourcesQuerySchema>;

/** One acquisition source. */
export interface SourceRow {
  /** The source channel (or campaign); null: parties without one. */
  source: string | null;
  leads: number;
  qualified: number;
  customers: number;
  /** customers / leads. */
  conversionRate: number | null;
  /** Mean days from creation to the first sale, of those with a sale. */
  averageDaysToFirstSale: number | null;
  revenue: Money[];
  cost: Money[];
  /** Customer acquisition cost per currency; null without customers or costs. */
  cac: Money[] | null;
}

/** The result of `acquisition.sources`. */
export interface SourcesResult {
  period: { from: Date; to: Date; timeZone: string };
  by: 'channel' | 'campaign';
  sources: SourceRow[];
}

/**
 * Acquisition sources: leads, qualified, customers, conversion, time to first sale, revenue, cost and
 * CAC per source, in one SQL statement. `crm.services.acquisition`. There is no campaigns plugin yet:
 * costs are `expense` entries whose category is `acquisition:<source>`.
 */
@injectable()
export class AcquisitionAnalysis {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(SEGMENT_SERVICE) private readonly segments: SegmentService,
  ) {}

  /**
   * @example
   * const { sources } = await crm.services.acquisition.sources(ctx, { period: { last: 'year' } });
   * for (const s of sources) console.log(s.source, s.leads, s.customers, s.conversionRate, s.cac);
   */
  async sources(ctx: CallContext, query: SourcesQuery): Promise<SourcesResult> {
    const q = parse(SourcesQuerySchema, query, 'sources query');
    return this.db.transaction(ctx, async (tx) => {
      const { period, params, bind, visibility, partyWhere } = await prepareParties(
        tx,
        this.segments,
        q,
        'sources query',
      );
      const rows = await tx.sql<{
        source: string | null;
        leads: number;
        qualified: number;
        customers: number;
        days_to_first_sale: number | null;
        revenue: Money[];
        cost: Money[];
        cac: Money[] | null;
      }>(
        sourcesSql({
          from: bind(period.from),
          to: bind(period.to),
          partyWhere,
          costVisible: entryVisibilitySql(visibility, params),
          sourceSql: q.by === 'channel' ? 'p.source_channel' : 'p.source_campaign',
        }),
        params,
      );
      return {
        period: { from: period.from, to: period.to, timeZone: period.timeZone },
        by: q.by,
        sources: rows.map((r) => ({
          source: r.source,
          leads: r.leads,
          qualified: r.qualified,
          customers: r.customers,
          conversionRate: r.leads > 0 ? r.customers / r.leads : null,
          averageDaysToFirstSale: r.days_to_first_sale,
          revenue: r.revenue,
          cost: r.cost,
          cac: r.cac,
        })),
      };
    });
  }
}
