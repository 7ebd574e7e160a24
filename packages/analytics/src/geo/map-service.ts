import {
  type CallContext,
  DATABASE,
  type Database,
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
import { mapSql } from './map-sql.js';

/** Input of `mapDistribution.compute`. */
export const MapQuerySchema = z.strictObject({
  /** Group by country, by country and region, or by country, region and city. */
  level: z.enum(['country', 'region', 'city']).default('country'),
  /** The period of the revenue. */
  period: PeriodSchema,
  /** Only parties matching this core party filter (e.g. the customer role). */
  segment: z.unknown().optional(),
});
/** What `mapDistribution.compute` accepts. */
export type MapQuery = z.input<typeof MapQuerySchema>;

/** One area of the map: an ISO country, and region and city at the finer levels. */
export interface MapArea {
  country: string | null;
  region?: string | null;
  city?: string | null;
  /** Parties whose primary address is there. */
  count: number;
  /** Their net revenue in the period, per currency. */
  revenue: Money[];
}

/** The result of `mapDistribution.compute`. */
export interface MapResult {
  level: 'country' | 'region' | 'city';
  period: { from: Date; to: Date; timeZone: string };
  areas: MapArea[];
}

/**
 * Distribution on the map: parties and their revenue per country, region or city of their primary
 * address, in a shape a map can draw — one SQL statement. `crm.services.mapDistribution`. (Per geo
 * area when a geo plugin exists: not yet.)
 */
@injectable()
export class MapDistribution {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(SEGMENT_SERVICE) private readonly segments: SegmentService,
  ) {}

  /**
   * @example
   * const { areas } = await crm.services.mapDistribution.compute(ctx, {
   *   level: 'city', period: { last: 'year' }, segment: { field: 'role', op: 'has', value: 'customer' } });
   */
  async compute(ctx: CallContext, query: MapQuery): Promise<MapResult> {
    const q = parse(MapQuerySchema, query, 'map query');
    return this.db.transaction(ctx, async (tx) => {
      const {
        period,
        params,
        bind,
        partyWhere: where,
      } = await prepareParties(tx, this.segments, q, 'map query');
      const sql = mapSql(q.level, where, bind(period.from), bind(period.to));
      const areas = await tx.sql<MapArea>(sql, params);
      return {
        level: q.level,
        period: { from: period.from, to: period.to, timeZone: period.timeZone },
        areas,
      };
    });
  }
}
