import {
  type CallContext,
  DATABASE,
  type Database,
  inject,
  injectable,
  paramBinder,
  parse,
  tenantToday,
  visibilityOf,
  z,
} from '@rapport/core/plugin';
import {
  DateOnlySchema,
  InstantSchema,
  invalidField,
  type Rate,
  rateOf,
  refineRange,
  requireFound,
} from './common.js';
import { dealFilterSql } from './filters.js';
import {
  type ForecastGroupBy,
  type ForecastMethod,
  type ForecastPeriod,
  forecastSql,
} from './forecast-sql.js';
import { rollupServes } from './funnel-service.js';

const DAY = 86_400_000;

/** Input of {@link ForecastService.compute}. */
export const ForecastQuerySchema = z.object({
  /** One pipeline, or every pipeline when omitted. */
  pipelineId: z.uuid().optional(),
  /** A date in the first bucket (`YYYY-MM-DD`, default today in the tenant's time zone); buckets are calendar periods. */
  from: DateOnlySchema.optional(),
  /** How many buckets. */
  periods: z.int().min(1).max(104),
  period: z.enum(['week', 'month', 'quarter']),
  method: z.enum(['stage_probability', 'historical_conversion']).default('stage_probability'),
  groupBy: z.enum(['owner', 'department', 'none']).default('none'),
  /** The window whose funnel gives the historical rates (default: the 12 months before `from`). */
  history: z.object({ from: InstantSchema, to: InstantSchema }).superRefine(refineRange).optional(),
  /**
   * Where `historical_conversion` reads its rates: `auto` (default) from the funnel rollup when it
   * serves the window (an actor who sees every deal, a window between UTC midnights), else from the
   * stage history; `history` always from the stage history; `rollup` insists (INVALID_DATA on `source`).
   */
  source: z.enum(['auto', 'history', 'rollup']).default('auto'),
});

/** What {@link ForecastService.compute} accepts. */
export type ForecastQuery = z.input<typeof ForecastQuerySchema>;

/** What a stage's open deals are weighted with, and where that came from. */
export interface ForecastStageInput {
  stageId: string;
  pipelineId: string;
  name: string;
  position: number | null;
  /** The stage's configured probability (exact decimal string). */
  probability: string;
  /**
   * For `historical_conversion`: the funnel's win rate of the stage over the history window (deals
   * that entered it and later reached won, over those that later reached won or lost); null otherwise.
   */
  historical: Rate | null;
  /** The factor applied: the historical rate, or the probability (also when the stage has no history). */
  factor: string;
  /** True when `historical_conversion` had no decided deals for the stage and fell back to its probability. */
  fallback: boolean;
}

/** Deals, raw amount and weighted amount of one currency in a forecast cell. */
export interface ForecastAmount {
  currency: string;
  /** Sum of the deals' amounts (exact decimal string). */
  amount: string;
  /** Sum of amount × factor, rounded to 4 decimals. */
  weighted: string;
}

/** A forecast cell: the open deals of a group in one bucket. */
export interface ForecastCell {
  /** Open deals, with or without an amount. */
  deals: number;
  /** Of them, deals without an amount (counted, not summed). */
  withoutAmount: number;
  amounts: ForecastAmount[];
}

/** One calendar bucket of a group. */
export interface ForecastBucket extends ForecastCell {
  /** First day (inclusive). */
  start: string;
  /** Day after the last (exclusive). */
  end: string;
}

/** The forecast of one owner, one department, or (groupBy `none`) everyone. */
export interface ForecastGroup {
  /** The owner's or department's id; null for groupBy `none`. */
  key: string | null;
  buckets: ForecastBucket[];
  /** Expected to close before the first bucket, still open. */
  overdue: ForecastCell;
  /** No expected close date. */
  undated: ForecastCell;
  /** Expected after the last bucket. */
  later: ForecastCell;
}

/** A forecast with the data it was computed from. */
export interface Forecast {
  method: ForecastMethod;
  period: ForecastPeriod;
  groupBy: ForecastGroupBy;
  pipelineId: string | null;
  /** The history window of `historical_conversion`; null for `stage_probability`. */
  history: { from: Date; to: Date } | null;
  /** Where the historical rates came from: the funnel rollup or the stage history (the same counts); null for `stage_probability`. */
  historySource: 'rollup' | 'history' | null;
  /** The bucket bounds, in order. */
  buckets: Array<{ start: string; end: string }>;
  stages: ForecastStageInput[];
  groups: ForecastGroup[];
}

interface ForecastRow {
  pipeline_found: boolean;
  first_start: string;
  stages: Array<{
    stageId: string;
    pipelineId: string;
    name: string;
    position: number | null;
    probability: string;
    won: number | null;
    settled: number | null;
    factor: string;
  }>;
  cells: Array<{
    group: string | null;
    bucket: string;
    currency: string | null;
    deals: number;
    amount: string | null;
    weighted: string | null;
  }>;
}

/**
 * Forecasts of open deals by expected close date, weighted by stage probability or by the historical
 * conversion of each stage. `crm.services.forecasts`.
 */
@injectable()
export class ForecastService {
  constructor(@inject(DATABASE) private readonly db: Database) {}

  /**
   * Buckets the open deals the actor may see into `periods` calendar periods from `from`, per group
   * and currency, with raw and weighted amounts, the stage inputs, and the overdue, undated and later
   * deals apart. One SQL statement.
   *
   * @example
   * const f = await crm.services.forecasts.compute(ctx, { periods: 3, period: 'month', method: 'historical_conversion', groupBy: 'owner' });
   * for (const g of f.groups) console.log(g.key, g.buckets.map((b) => b.amounts));
   */
  async compute(ctx: CallContext, query: ForecastQuery): Promise<Forecast> {
    const q = parse(ForecastQuerySchema, query, 'forecast query');
    const historical = q.method === 'historical_conversion';
    return this.db.transaction(ctx, async (tx) => {
      const from = q.from ?? (await tenantToday(tx));
      const history = historical
        ? (q.history ?? { from: new Date(Date.parse(from) - 365 * DAY), to: new Date(Date.parse(from)) })
        : null;
      const params: unknown[] = [tx.tenantId, q.pipelineId ?? null, from, q.periods];
      if (history) params.push(history.from, history.to);
      const visibility = await visibilityOf(tx);
      const rollup = history !== null && q.source !== 'history' && rollupServes(history, visibility);
      if (q.source === 'rollup' && !rollup)
        throw invalidField(
          'forecast query',
          'source',
          'the rollup serves historical_conversion for an actor who sees every deal and a window from one UTC midnight to another',
        );
      const { predicates } = dealFilterSql({}, visibility, paramBinder(params));
      const sql = forecastSql({
        method: q.method,
        groupBy: q.groupBy,
        period: q.period,
        filters: predicates,
        rollup,
      });
      const [row] = await tx.sql<ForecastRow>(sql, params);
      requireFound([{ field: 'pipelineId', what: 'Pipeline', id: q.pipelineId, found: row!.pipeline_found }]);
      const buckets = bucketBounds(row!.first_start, q.period, q.periods);
      return {
        method: q.method,
        period: q.period,
        groupBy: q.groupBy,
        pipelineId: q.pipelineId ?? null,
        history,
        historySource: history === null ? null : rollup ? 'rollup' : 'history',
        buckets,
        stages: row!.stages.map((s) => ({
          stageId: s.stageId,
          pipelineId: s.pipelineId,
          name: s.name,
          position: s.position,
          probability: s.probability,
          historical: historical ? rateOf(s.won ?? 0, s.settled ?? 0) : null,
          factor: s.factor,
          fallback: historical && !s.settled,
        })),
        groups: toGroups(row!.cells, buckets),
      };
    });
  }
}

function emptyCell(): ForecastCell {
  return { deals: 0, withoutAmount: 0, amounts: [] };
}

function addTo(cell: ForecastCell, c: ForecastRow['cells'][number]): void {
  cell.deals += c.deals;
  if (c.currency === null) cell.withoutAmount += c.deals;
  else {
    cell.amounts.push({ currency: c.currency.trim(), amount: c.amount!, weighted: c.weighted! });
    cell.amounts.sort((a, b) => a.currency.localeCompare(b.currency));
  }
}

function toGroups(
  cells: ForecastRow['cells'],
  buckets: Array<{ start: string; end: string }>,
): ForecastGroup[] {
  const groups = new Map<string | null, ForecastGroup>();
  for (const c of cells) {
    let group = groups.get(c.group);
    if (!group) {
      group = {
        key: c.group,
        buckets: buckets.map((b) => ({ ...b, ...emptyCell() })),
        overdue: emptyCell(),
        undated: emptyCell(),
        later: emptyCell(),
      };
      groups.set(c.group, group);
    }
    const target =
      c.bucket === 'overdue' || c.bucket === 'undated' || c.bucket === 'later'
        ? group[c.bucket]
        : group.buckets.find((b) => b.start === c.bucket);
    if (target) addTo(target, c);
  }
  return [...groups.values()].sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''));
}

/** The calendar bounds of `count` periods from `start` (already the first period's first day). */
function bucketBounds(
  start: string,
  period: ForecastPeriod,
  count: number,
): Array<{ start: string; end: string }> {
  const out: Array<{ start: string; end: string }> = [];
  let cursor = new Date(`${start}T00:00:00Z`);
  for (let i = 0; i < count; i++) {
    const next = new Date(cursor);
    if (period === 'week') next.setUTCDate(next.getUTCDate() + 7);
    else next.setUTCMonth(next.getUTCMonth() + (period === 'month' ? 1 : 3));
    out.push({ start: cursor.toISOString().slice(0, 10), end: next.toISOString().slice(0, 10) });
    cursor = next;
  }
  return out;
}
