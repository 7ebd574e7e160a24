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
import { ANALYTICS_OPTIONS, type AnalyticsOptions } from '../options.js';
import { invalidField } from '../shared/checks.js';
import { requirePricingForMargin } from '../shared/margin.js';
import { prepareFacts } from '../shared/prepare.js';
import { type AbcQuery, AbcQuerySchema, type ParsedAbcQuery } from './abc-input.js';
import { ABC_SUMMARY, abcCtes, MARGIN_COVERAGE, membersSql, paretoSql } from './abc-sql.js';
import type { AbcResult, SavedClassification } from './classification.js';
import { ClassificationStore } from './classification-store.js';

/** Input of `customerClasses.saveAbc`: the query and the name to save it under. */
export const SaveAbcSchema = z.strictObject({
  name: z.string().trim().min(1).max(150),
  query: z.unknown(),
  /** Make one core segment per class ("Top customers: A"), default true. */
  segments: z.boolean().default(true),
});
/** What `customerClasses.saveAbc` accepts. */
export type SaveAbcInput = { name: string; query: AbcQuery; segments?: boolean };

interface AbcRow {
  total: { customers: number; revenue: string };
  classes: AbcResult['classes'];
  matrix: AbcResult['matrix'];
  pareto: Omit<AbcResult['pareto'], 'topShare'>;
  members: AbcResult['members']['items'];
  member_count: number;
  coverage?: AbcResult['coverage'];
}

/**
 * Pareto 80/20, ABC and XYZ classification of customers by net revenue or margin, in one SQL statement
 * (window functions over the customers' revenue); saved classifications become core segments.
 * `crm.services.customerClasses`.
 */
@injectable()
export class AbcAnalysis {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(SEGMENT_SERVICE) private readonly segments: SegmentService,
    @inject(ANALYTICS_OPTIONS) private readonly options: AnalyticsOptions,
  ) {}

  /**
   * Classifies the customers the actor may see by their net revenue (sales − refunds) or margin in one
   * currency over a period: classes with counts and shares, the Pareto check, a page of members.
   *
   * @example
   * const abc = await crm.services.customerClasses.abc(ctx, {
   *   filters: { period: { last: 'year' }, currency: 'EUR' }, xyz: true, members: { class: 'A', limit: 20 } });
   * console.log(abc.classes, abc.pareto.topRevenueShare);
   */
  async abc(ctx: CallContext, query: AbcQuery): Promise<AbcResult> {
    const q = parse(AbcQuerySchema, query, 'ABC query');
    return this.db.transaction(ctx, (tx) => this.compute(tx, q));
  }

  /**
   * Computes and saves a classification (its members with their class, rank and revenue) and, by
   * default, one core segment per class named `<name>: A` — static segments of the members of now.
   */
  async saveAbc(ctx: CallContext, input: SaveAbcInput): Promise<SavedClassification> {
    const s = parse(SaveAbcSchema, input, 'saved ABC classification');
    const q = parse(AbcQuerySchema, s.query, 'ABC query');
    return this.db.transaction(ctx, (tx) =>
      new ClassificationStore(tx).save(
        this.segments,
        { name: s.name, kind: 'abc', query: s.query, segments: s.segments },
        (id) => this.compute(tx, { ...q, members: { offset: 0, limit: 0 } }, id),
        (result) => result.classes.map((c) => c.class),
      ),
    );
  }

  /** Runs the statement; with `saveAs`, also inserts the members of that saved classification. */
  async compute(tx: TxContext, q: ParsedAbcQuery, saveAs?: string): Promise<AbcResult> {
    const thresholds = q.thresholds ?? this.options.abc;
    if (thresholds.a >= thresholds.b)
      throw invalidField('ABC query', 'thresholds.b', '`b` must be above `a`');
    const xyz = q.xyz === true ? this.options.xyz : (q.xyz ?? null);
    if (xyz && xyz.x >= xyz.y) throw invalidField('ABC query', 'xyz.y', '`y` must be above `x`');
    if (q.basis === 'margin') await requirePricingForMargin(tx, 'ABC query', 'basis');
    const prepared = await prepareFacts(
      tx,
      this.segments,
      { ...q.filters, types: ['sale', 'refund'] },
      { what: 'ABC query' },
    );
    const { bind, facts, params } = prepared;
    const ctes = abcCtes({
      facts,
      basis: q.basis,
      a: bind(thresholds.a),
      b: bind(thresholds.b),
      top: '',
      xyz: xyz ? { x: bind(xyz.x), y: bind(xyz.y), from: prepared.from, to: prepared.to } : null,
    });
    const insert = saveAs
      ? `, saved as (insert into analytics_class_member (tenant_id, classification_id, party_id, class, rank, value, scores)
          select $1, ${bind(saveAs)}::uuid, party_id, class, rank, revenue,
            jsonb_strip_nulls(jsonb_build_object('xyz', xyz, 'variation', cv, 'orders', orders, 'cumulativeShare', cumulative_share))
          from classed returning 1)`
      : '';
    const cls = bind(q.members.class ?? null);
    const sql = `with ${ctes}${insert}
select ${ABC_SUMMARY},
  ${paretoSql(bind(q.topShare))},
  ${membersSql(cls, bind(q.members.offset), bind(q.members.limit))}${q.basis === 'margin' ? `,\n  ${MARGIN_COVERAGE}` : ''}${saveAs ? ',\n  (select count(*) from saved) as saved' : ''}`;
    const [row] = await tx.sql<AbcRow>(sql, params);
    return {
      period: { from: prepared.period.from, to: prepared.period.to, timeZone: prepared.period.timeZone },
      currency: q.filters.currency,
      basis: q.basis,
      coverage: row!.coverage ?? null,
      thresholds,
      xyzThresholds: xyz,
      total: row!.total,
      classes: row!.classes,
      matrix: row!.matrix,
      pareto: { topShare: q.topShare, ...row!.pareto },
      members: {
        class: q.members.class ?? null,
        offset: q.members.offset,
        total: row!.member_count,
        items: row!.members,
      },
    };
  }
}
