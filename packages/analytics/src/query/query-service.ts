import {
  type CallContext,
  CUSTOM_FIELD_SERVICE,
  type CustomFieldService,
  DATABASE,
  type Database,
  inject,
  injectable,
  paramBinder,
  parse,
  SEGMENT_SERVICE,
  type SegmentService,
  type TxContext,
  visibilityOf,
} from '@rapport/core/plugin';
import { ANALYTICS_OPTIONS, type AnalyticsOptions } from '../options.js';
import { invalidField, requireDepartmentFound, requireEmployeeFound } from '../shared/checks.js';
import { journalFactsSql } from '../shared/journal-facts.js';
import { pricingInstalled } from '../shared/margin.js';
import { previousPeriod, resolvePeriod } from '../shared/period.js';
import { analyticsScope } from '../shared/scope.js';
import { type Dimension, type DimensionJoin, dimensionSpec, PERIOD_DIMENSIONS } from './dimensions.js';
import { isMoney, MARGIN_MEASURES, type Measure } from './measures.js';
import { type AnalyticsQuery, AnalyticsQuerySchema, type ParsedQuery } from './query-input.js';
import type { MeasureValues, QueryResult, QueryRow, QueryTotal } from './query-result.js';
import { querySql } from './query-sql.js';

type Row = Record<string, unknown> & {
  part: 'row' | 'total' | 'previous';
  currency: string | null;
  cur: boolean;
};

/**
 * The common query shape over the journal: measures × dimensions × filters, in one SQL statement,
 * with totals per currency and the previous period. `crm.services.analytics`.
 */
@injectable()
export class AnalyticsQueryService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(SEGMENT_SERVICE) private readonly segments: SegmentService,
    @inject(CUSTOM_FIELD_SERVICE) private readonly customFields: CustomFieldService,
    @inject(ANALYTICS_OPTIONS) private readonly options: AnalyticsOptions,
  ) {}

  /**
   * Runs a query: rows typed by the measures and dimensions asked, money as exact decimal strings
   * per currency, only what the actor may see.
   *
   * @example
   * const r = await crm.services.analytics.query(ctx, {
   *   measures: ['revenue', 'orders', 'aov'], dimensions: ['employee'],
   *   filters: { period: { last: 'month' } }, compare: 'previousPeriod' });
   * for (const row of r.rows) console.log(row.labels.employee, row.currency, row.measures.revenue);
   */
  async query<const M extends Measure, const D extends Dimension = never>(
    ctx: CallContext,
    query: AnalyticsQuery<M, D>,
  ): Promise<QueryResult<M, D>> {
    const q = parse(AnalyticsQuerySchema, query, 'analytics query');
    return this.db.transaction(ctx, (tx) => this.run(tx, q)) as unknown as Promise<QueryResult<M, D>>;
  }

  /** Runs a parsed query inside a transaction (for the other analyses and saved reports). */
  async run(tx: TxContext, q: ParsedQuery): Promise<QueryResult> {
    const dimensions = q.dimensions as Dimension[];
    if (q.compare && dimensions.some((d) => (PERIOD_DIMENSIONS as readonly string[]).includes(d)))
      throw invalidField(
        'analytics query',
        'compare',
        'cannot compare with the previous period by a period.* dimension',
      );
    const multiValued = await this.checkCustomDimensions(tx, dimensions);
    const specs = dimensions.map((d) => dimensionSpec(d, multiValued));
    const orderBy = this.orderBy(q, dimensions);
    const period = await resolvePeriod(tx, q.filters.period);
    if (!(period.to > period.from))
      throw invalidField('analytics query', 'filters.period.to', '`to` must be after `from`');
    const previous = q.compare ? previousPeriod(period) : null;
    if (q.filters.departmentId)
      await requireDepartmentFound(tx, q.filters.departmentId, 'filters.departmentId');
    if (q.filters.teamOf) await requireEmployeeFound(tx, q.filters.teamOf, 'filters.teamOf');
    const margin = q.measures.some((m) => MARGIN_MEASURES.includes(m));
    const lines = specs.some((s) => s.joins.includes('lines'));
    if (lines || margin) await requirePricing(tx, q.measures, dimensions);
    const params: unknown[] = [tx.tenantId, period.timeZone];
    const bind = paramBinder(params);
    const scope = analyticsScope(await visibilityOf(tx), bind);
    const joins = new Set<DimensionJoin>(specs.flatMap((s) => s.joins));
    if (lines && margin) joins.add('product');
    const segment =
      q.filters.segment === undefined
        ? undefined
        : await this.segments.predicate(tx, q.filters.segment as never);
    const from = bind((previous ?? period).from);
    const currentFrom = previous ? bind(period.from) : null;
    const to = bind(period.to);
    const factsOf = (base: boolean) => {
      const kept = base ? specs.filter((s) => !s.multiplies) : specs;
      return journalFactsSql(q.filters, {
        from,
        to,
        scope,
        bind,
        segment,
        params,
        joins: new Set(
          base ? [...kept.flatMap((s) => s.joins)].filter((j) => j !== 'lines' && j !== 'product') : joins,
        ),
        laterals: kept.flatMap((s) => (s.lateral ? [s.lateral] : [])),
        withLines: base && lines,
        entryMargin: margin && (base || !lines),
      });
    };
    const facts = factsOf(false);
    const baseFacts = specs.some((s) => s.multiplies) ? factsOf(true) : null;
    const limit = Math.min(q.limit ?? this.options.maxRows, this.options.maxRows);
    const sql = querySql({
      measures: q.measures,
      specs,
      facts,
      baseFacts,
      byCurrency: q.measures.some(isMoney),
      currentFrom,
      lines,
      margin,
      orderBy,
      limit: bind(limit + 1),
    });
    const rows = await tx.sql<Row>(sql, params);
    return shape(q.measures, dimensions, rows, limit, period, previous);
  }

  private orderBy(q: ParsedQuery, dimensions: readonly Dimension[]): string {
    const column = (field: string): string => {
      const m = q.measures.indexOf(field as Measure);
      if (m >= 0) return `m${m}`;
      const d = dimensions.indexOf(field as Dimension);
      if (d >= 0) return `d${d}`;
      throw invalidField(
        'analytics query',
        'orderBy',
        `${field} is neither a measure nor a dimension of the query`,
      );
    };
    // Money measures are text: order them as numbers.
    const expr = (field: string) => {
      const c = column(field);
      return c.startsWith('m') && isMoney(field as Measure) && q.measures.includes(field as Measure)
        ? `${c}::numeric`
        : c;
    };
    const items = (q.orderBy ?? [{ field: q.measures[0]!, direction: 'desc' as const }]).map(
      (o) => `${expr(o.field)} ${o.direction} nulls last`,
    );
    return [...items, ...dimensions.map((_, i) => `d${i} nulls last`), 'currency nulls last'].join(', ');
  }

  /** Checks the custom dimensions against the definitions; returns the multi-valued keys (`multi_enum`). */
  private async checkCustomDimensions(
    tx: TxContext,
    dimensions: readonly Dimension[],
  ): Promise<ReadonlySet<string>> {
    const custom = dimensions.filter((d) => d.startsWith('custom.'));
    if (custom.length === 0) return new Set();
    const definitions = await this.customFields.definitions(tx);
    const keys = new Set(definitions.map((d) => d.key));
    for (const d of custom)
      if (!keys.has(d.slice('custom.'.length)))
        throw invalidField(
          'analytics query',
          `dimensions.${dimensions.indexOf(d)}`,
          `no custom field ${d.slice(7)}`,
        );
    return new Set(definitions.filter((d) => d.type === 'multi_enum').map((d) => d.key));
  }
}

/**
 * The margin measures and the product and category dimensions read `@rapport/pricing`'s sale lines
 * and product costs: refused without them (INVALID_DATA naming the measure, else the dimension).
 */
async function requirePricing(
  tx: TxContext,
  measures: readonly Measure[],
  dimensions: readonly Dimension[],
): Promise<void> {
  if (await pricingInstalled(tx)) return;
  const m = measures.findIndex((x) => MARGIN_MEASURES.includes(x));
  if (m >= 0)
    throw invalidField(
      'analytics query',
      `measures.${m}`,
      `${measures[m]} needs the sale lines and product costs of @rapport/pricing, which is not installed`,
    );
  const index = dimensions.findIndex((d) => d === 'product' || d === 'category');
  throw invalidField(
    'analytics query',
    `dimensions.${index}`,
    `${dimensions[index]} needs @rapport/pricing (its sale lines)`,
  );
}

function measuresOf<M extends Measure>(measures: readonly M[], row: Row): MeasureValues<M> {
  const out = {} as Record<string, unknown>;
  measures.forEach((m, i) => {
    const v = row[`m${i}`];
    out[m] = typeof v === 'string' && !isMoney(m) ? Number(v) : (v ?? (isMoney(m) ? null : v));
  });
  return out as MeasureValues<M>;
}

function shape(
  measures: readonly Measure[],
  dimensions: readonly Dimension[],
  rows: Row[],
  limit: number,
  period: { from: Date; to: Date; timeZone: string },
  previous: { from: Date; to: Date } | null,
): QueryResult {
  const key = (r: Row) => JSON.stringify([...dimensions.map((_, i) => r[`d${i}`] ?? null), r.currency]);
  const before = new Map(
    rows.filter((r) => r.part === 'previous').map((r) => [key(r), measuresOf(measures, r)]),
  );
  const current = rows.filter((r) => r.part === 'row');
  const out: QueryRow[] = current.slice(0, limit).map((r) => {
    const row: QueryRow = {
      dimensions: Object.fromEntries(
        dimensions.map((d, i) => [d, (r[`d${i}`] as string | null) ?? null]),
      ) as never,
      labels: Object.fromEntries(
        dimensions.map((d, i) => [d, (r[`l${i}`] as string | null) ?? null]),
      ) as never,
      measures: measuresOf(measures, r),
      currency: r.currency,
    };
    if (previous) row.previous = before.get(key(r)) ?? null;
    return row;
  });
  const totalsRows = rows.filter((r) => r.part === 'total');
  const prevTotals = new Map(
    totalsRows.filter((r) => !r.cur).map((r) => [r.currency, measuresOf(measures, r)]),
  );
  const totals: QueryTotal[] = totalsRows
    .filter((r) => r.cur)
    .map((r) => ({
      currency: r.currency,
      measures: measuresOf(measures, r),
      ...(previous ? { previous: prevTotals.get(r.currency) ?? null } : {}),
    }));
  return {
    measures,
    dimensions,
    period: { from: period.from, to: period.to, timeZone: period.timeZone },
    previousPeriod: previous ? { from: previous.from, to: previous.to } : null,
    rows: out,
    totals,
    truncated: current.length > limit,
  };
}
