import {
  type CallContext,
  DATABASE,
  type Database,
  inject,
  injectable,
  parse,
  SEGMENT_SERVICE,
  type SegmentService,
  type TxContext,
  z,
} from '@rapport/core/plugin';
import { prepareFacts } from '../shared/prepare.js';
import type { SavedClassification } from './classification.js';
import { ClassificationStore } from './classification-store.js';
import { type ParsedRfmQuery, type RfmQuery, RfmQuerySchema, type RfmResult } from './rfm-input.js';
import { rfmCtes, rfmSelect } from './rfm-sql.js';

/** Input of `rfm.save`. */
export const SaveRfmSchema = z.strictObject({
  name: z.string().trim().min(1).max(150),
  query: z.unknown(),
  /** Make one core segment per named RFM segment ("March RFM: champions"), default true. */
  segments: z.boolean().default(true),
});
/** What `rfm.save` accepts. */
export type SaveRfmInput = { name: string; query: RfmQuery; segments?: boolean };

interface RfmRow {
  customers: number;
  segments: RfmResult['segments'];
  grid: RfmResult['grid'];
  members: RfmResult['members']['items'];
  member_count: number;
}

/**
 * RFM: recency, frequency and monetary quintile scores of the customers the actor may see and the
 * usual named segments, in one SQL statement; saved scorings become core segments. `crm.services.rfm`.
 */
@injectable()
export class RfmAnalysis {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(SEGMENT_SERVICE) private readonly segments: SegmentService,
  ) {}

  /**
   * Scores the customers with a sale in the period (one currency), as of the period's end.
   *
   * @example
   * const rfm = await crm.services.rfm.score(ctx, { filters: { period: { last: 'year' }, currency: 'EUR' } });
   * for (const s of rfm.segments) console.log(s.segment, s.customers, s.monetary);
   */
  async score(ctx: CallContext, query: RfmQuery): Promise<RfmResult> {
    const q = parse(RfmQuerySchema, query, 'RFM query');
    return this.db.transaction(ctx, (tx) => this.compute(tx, q));
  }

  /** Scores and saves the customers with their segment and scores, and one core segment per named segment. */
  async save(ctx: CallContext, input: SaveRfmInput): Promise<SavedClassification> {
    const s = parse(SaveRfmSchema, input, 'saved RFM scoring');
    const q = parse(RfmQuerySchema, s.query, 'RFM query');
    return this.db.transaction(ctx, (tx) =>
      new ClassificationStore(tx).save(
        this.segments,
        { name: s.name, kind: 'rfm', query: s.query, segments: s.segments },
        (id) => this.compute(tx, { ...q, members: { offset: 0, limit: 0 } }, id),
        (result) => result.segments.map((g) => g.segment),
      ),
    );
  }

  /** Runs the statement; with `saveAs`, also inserts the scored members of that saved classification. */
  async compute(tx: TxContext, q: ParsedRfmQuery, saveAs?: string): Promise<RfmResult> {
    const prepared = await prepareFacts(
      tx,
      this.segments,
      { ...q.filters, types: ['sale', 'refund'] },
      { what: 'RFM query' },
    );
    const { bind, params } = prepared;
    const insert = saveAs
      ? `, saved as (insert into analytics_class_member (tenant_id, classification_id, party_id, class, rank, value, scores)
          select $1, ${bind(saveAs)}::uuid, party_id, segment,
            row_number() over (order by r desc, f desc, m desc, party_id), monetary,
            jsonb_build_object('r', r, 'f', f, 'm', m, 'recencyDays', recency_days, 'frequency', frequency)
          from segmented returning 1)`
      : '';
    const sql = `with ${rfmCtes(prepared.facts, prepared.to)}${insert}
select ${rfmSelect(bind(q.members.class ?? null), bind(q.members.offset), bind(q.members.limit))}${saveAs ? ',\n  (select count(*) from saved) as saved' : ''}`;
    const [row] = await tx.sql<RfmRow>(sql, params);
    return {
      period: { from: prepared.period.from, to: prepared.period.to, timeZone: prepared.period.timeZone },
      currency: q.filters.currency,
      customers: row!.customers,
      segments: row!.segments,
      grid: row!.grid,
      members: {
        class: q.members.class ?? null,
        offset: q.members.offset,
        total: row!.member_count,
        items: row!.members,
      },
    };
  }
}
