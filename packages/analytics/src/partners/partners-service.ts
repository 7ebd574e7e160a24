import {
  type CallContext,
  DATABASE,
  type Database,
  inject,
  injectable,
  paramBinder,
  parse,
  visibilityOf,
  visibilitySql,
  z,
} from '@rapport/core/plugin';
import { invalidField } from '../shared/checks.js';
import { PeriodSchema, previousPeriod, resolvePeriod } from '../shared/period.js';
import { partnersSql } from './partners-sql.js';

/** Input of `partners.compare`. */
export const PartnersQuerySchema = z.strictObject({
  period: PeriodSchema,
  /** Relationship types from the partner to a customer that make it the partner's (default `referred`). */
  relationshipTypes: z
    .array(z.string().regex(/^[a-z][a-z0-9_]{1,60}$/))
    .min(1)
    .max(20)
    .default(['referred']),
});
/** What `partners.compare` accepts. */
export type PartnersQuery = z.input<typeof PartnersQuerySchema>;

/** Revenue of a partner's customers in one currency, with the previous period and the growth. */
export interface PartnerRevenue {
  currency: string;
  amount: string;
  previous: string;
  /** (amount − previous) / previous; null when the previous is not positive. */
  growth: number | null;
}

/** One partner, side by side with the others. */
export interface PartnerRow {
  partnerId: string;
  name: string;
  /** Customers the partner referred or serves. */
  customers: number;
  revenue: PartnerRevenue[];
  /** Journal entries linked to the partner itself in the period. */
  activities: number;
  /** With the pipeline: deals of the partner's customers created, and won, in the period. */
  deals: { created: number; won: number } | null;
}

/** The result of `partners.compare`. */
export interface PartnersResult {
  period: { from: Date; to: Date; timeZone: string };
  previousPeriod: { from: Date; to: Date };
  partners: PartnerRow[];
}

/**
 * Partners compared side by side: the customers they referred or serve, their revenue and growth,
 * activities, and deals when the pipeline is installed — one SQL statement. `crm.services.partners`.
 */
@injectable()
export class PartnersAnalysis {
  constructor(@inject(DATABASE) private readonly db: Database) {}

  /**
   * @example
   * const { partners } = await crm.services.partners.compare(ctx, { period: { last: 'quarter' } });
   */
  async compare(ctx: CallContext, query: PartnersQuery): Promise<PartnersResult> {
    const q = parse(PartnersQuerySchema, query, 'partners query');
    return this.db.transaction(ctx, async (tx) => {
      const period = await resolvePeriod(tx, q.period);
      if (!(period.to > period.from))
        throw invalidField('partners query', 'period.to', '`to` must be after `from`');
      const previous = previousPeriod(period);
      const [{ deals } = { deals: false }] = await tx.sql<{ deals: boolean }>(
        `select to_regclass('pipeline_deal') is not null as deals`,
      );
      const params: unknown[] = [tx.tenantId];
      const bind = paramBinder(params);
      const visibility = await visibilityOf(tx);
      const rows = await tx.sql<PartnerRow>(
        partnersSql({
          from: bind(period.from),
          to: bind(period.to),
          prevFrom: bind(previous.from),
          types: bind(q.relationshipTypes),
          visible: (alias) => (visibility.all ? 'true' : visibilitySql(visibility, alias, bind)),
          deals,
        }),
        params,
      );
      return {
        period: { from: period.from, to: period.to, timeZone: period.timeZone },
        previousPeriod: { from: previous.from, to: previous.to },
        partners: rows,
      };
    });
  }
}
