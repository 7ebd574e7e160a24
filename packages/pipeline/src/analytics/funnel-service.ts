import {
  type CallContext,
  DATABASE,
  type Database,
  inject,
  injectable,
  paramBinder,
  parse,
  type Visibility,
  visibilityOf,
  z,
} from '@rapport/core/plugin';
import type { StageOutcome } from '../types.js';
import {
  CurrencySchema,
  InstantSchema,
  invalidField,
  type Money,
  moneyList,
  type Rate,
  rateOf,
  refineRange,
  requireFound,
} from './common.js';
import { dealFilterSql } from './filters.js';
import { funnelRollupSql } from './funnel-rollup-sql.js';
import { funnelSql } from './funnel-sql.js';

/** Input of {@link FunnelService.compute}. */
export const FunnelQuerySchema = z
  .object({
    pipelineId: z.uuid(),
    /** Start of the period (inclusive): deals that entered the pipeline from then on. */
    from: InstantSchema,
    /** End of the period (exclusive). */
    to: InstantSchema,
    /** Only deals owned by this employee. */
    ownerId: z.uuid().optional(),
    /** Only deals owned by employees of this department or the departments below it. */
    departmentId: z.uuid().optional(),
    /** Only deals owned by this employee or anyone who reports to them, directly or indirectly. */
    teamOf: z.uuid().optional(),
    /** Only deals in this currency. */
    currency: CurrencySchema.optional(),
    /**
     * Where the figures come from: `auto` (default) reads the rollup when it can serve the query (see
     * {@link rollupServes}) and the stage history otherwise; `history` always runs the per-deal
     * statement; `rollup` insists on the rollup (INVALID_DATA naming `source` when it cannot serve).
     */
    source: z.enum(['auto', 'history', 'rollup']).default('auto'),
  })
  .superRefine(refineRange);

/** What {@link FunnelService.compute} accepts. */
export type FunnelQuery = z.input<typeof FunnelQuerySchema>;

/** Time deals of the cohort spent in a stage (a deal's stays in the stage are added up). */
export interface TimeInStage {
  /** Mean over the deals, in seconds; null when no deal entered the stage. */
  averageSeconds: number | null;
  medianSeconds: number | null;
  /** Deals measured (= entered). */
  deals: number;
  /** Of them, still in the stage: measured until now. */
  ongoing: number;
}

/** One stage of the funnel. */
export interface FunnelStage {
  stageId: string;
  name: string;
  /** Null for an archived stage (listed last). */
  position: number | null;
  outcome: StageOutcome;
  archived: boolean;
  /** Deals of the cohort that entered the stage (at least once). */
  entered: number;
  /** Amounts of those deals, per currency (the deals' current amounts). */
  amounts: Money[];
  /** Of the deals that entered, those that later reached a stage further along (the next one or beyond, or won). */
  reachedNext: number;
  /** Of the deals that entered, those that later reached a won stage. */
  reachedWon: number;
  /** Of the deals that entered, those that later reached a won or a lost stage. */
  closedAfter: number;
  /** Deals that moved from this stage straight into a lost stage. */
  lost: number;
  /** The most frequent reasons of those losses (at most five), most frequent first. */
  lossReasons: Array<{ reason: string | null; count: number }>;
  /** Conversion rates of open stages; null for won and lost stages. */
  conversion: {
    /** reachedNext / entered; null for archived stages, which have no place in the order. */
    toNext: Rate | null;
    /** reachedWon / entered. */
    toWon: Rate;
    /** reachedWon / closedAfter: of the deals decided since, the share won (used by forecasts). */
    winRate: Rate;
  } | null;
  /** Null for won and lost stages. */
  timeInStage: TimeInStage | null;
}

/** The funnel of a pipeline for a cohort of deals. */
export interface Funnel {
  pipelineId: string;
  from: Date;
  to: Date;
  filters: {
    ownerId: string | null;
    departmentId: string | null;
    teamOf: string | null;
    currency: string | null;
  };
  /** What the figures were computed from: the funnel rollup or the stage history (the same figures). */
  source: 'rollup' | 'history';
  /** In pipeline order; archived stages that deals of the cohort entered come last. */
  stages: FunnelStage[];
  totals: {
    /** Deals in the cohort. */
    deals: number;
    /** By their current status, among the deals still in this pipeline. */
    open: number;
    won: number;
    lost: number;
    /** Deals that have since moved to another pipeline. */
    movedOut: number;
    wonAmounts: Money[];
    /** won / (won + lost). */
    winRate: Rate;
  };
}

interface StageJson {
  stageId: string;
  name: string;
  position: number | null;
  outcome: StageOutcome;
  archived: boolean;
  entered: number;
  reachedNext: number;
  reachedWon: number;
  closedAfter: number;
  ongoing: number;
  avgSeconds: number | null;
  medianSeconds: number | null;
  amounts: unknown;
  lost: number;
  lossReasons: Array<{ reason: string | null; count: number }>;
}

interface FunnelRow {
  pipeline_found: boolean;
  owner_found?: boolean;
  department_found?: boolean;
  team_found?: boolean;
  stages: StageJson[] | null;
  totals: { deals: number; open: number; won: number; lost: number; movedOut: number };
  won_amounts: unknown;
}

/**
 * The sales funnel, computed in one SQL statement from the stage history (`pipeline_stage_change`),
 * for the cohort of deals that entered a pipeline in a period. `crm.services.funnel`.
 */
@injectable()
export class FunnelService {
  constructor(@inject(DATABASE) private readonly db: Database) {}

  /**
   * The funnel of the deals that entered `pipelineId` within `[from, to)`, followed through their
   * whole stage history up to now; only deals the actor may see, optionally one owner's, one
   * department subtree's or one currency's.
   *
   * @example
   * const funnel = await crm.services.funnel.compute(ctx, { pipelineId, from: '2025-01-01', to: '2026-01-01' });
   * for (const s of funnel.stages) console.log(s.name, s.entered, s.conversion?.toNext.rate);
   */
  async compute(ctx: CallContext, query: FunnelQuery): Promise<Funnel> {
    const q = parse(FunnelQuerySchema, query, 'funnel query');
    return this.db.transaction(ctx, async (tx) => {
      const params: unknown[] = [tx.tenantId, q.pipelineId, q.from, q.to];
      const visibility = await visibilityOf(tx);
      const rollup = q.source !== 'history' && rollupServes(q, visibility);
      if (q.source === 'rollup' && !rollup)
        throw invalidField(
          'funnel query',
          'source',
          'the rollup serves the whole pipeline (no owner or department filter, an actor who sees every deal) for a period from one UTC midnight to another',
        );
      let row: FunnelRow | undefined;
      if (rollup) {
        if (q.currency !== undefined) params.push(q.currency);
        [row] = await tx.sql<FunnelRow>(funnelRollupSql(q.currency !== undefined), params);
      } else {
        const { predicates, checks } = dealFilterSql(q, visibility, paramBinder(params));
        [row] = await tx.sql<FunnelRow>(funnelSql(predicates, checks), params);
      }
      requireFound([
        { field: 'pipelineId', what: 'Pipeline', id: q.pipelineId, found: row!.pipeline_found },
        { field: 'ownerId', what: 'Employee', id: q.ownerId, found: row!.owner_found ?? null },
        {
          field: 'departmentId',
          what: 'Department',
          id: q.departmentId,
          found: row!.department_found ?? null,
        },
        { field: 'teamOf', what: 'Employee', id: q.teamOf, found: row!.team_found ?? null },
      ]);
      const totals = row!.totals;
      return {
        pipelineId: q.pipelineId,
        from: q.from,
        to: q.to,
        filters: {
          ownerId: q.ownerId ?? null,
          departmentId: q.departmentId ?? null,
          teamOf: q.teamOf ?? null,
          currency: q.currency ?? null,
        },
        source: rollup ? 'rollup' : 'history',
        stages: (row!.stages ?? []).map(toStage),
        totals: {
          ...totals,
          wonAmounts: moneyList(row!.won_amounts),
          winRate: rateOf(totals.won, totals.won + totals.lost),
        },
      };
    });
  }
}

/**
 * Whether the funnel rollup can answer a query: the whole pipeline as seen by an actor who sees every
 * deal of the tenant (optionally one currency), for a period whose bounds are UTC midnights (the
 * rollup is kept by UTC day of entry). Owner, department and team filters and restricted actors take
 * the per-deal statement.
 */
export function rollupServes(
  q: {
    ownerId?: string | undefined;
    departmentId?: string | undefined;
    teamOf?: string | undefined;
    from: Date;
    to: Date;
  },
  visibility: Visibility,
): boolean {
  const midnight = (d: Date) => d.getTime() % 86_400_000 === 0;
  return (
    visibility.all &&
    q.ownerId === undefined &&
    q.departmentId === undefined &&
    q.teamOf === undefined &&
    midnight(q.from) &&
    midnight(q.to)
  );
}

function toStage(s: StageJson): FunnelStage {
  const open = s.outcome === 'open';
  return {
    stageId: s.stageId,
    name: s.name,
    position: s.position,
    outcome: s.outcome,
    archived: s.archived,
    entered: s.entered,
    amounts: moneyList(s.amounts),
    reachedNext: s.reachedNext,
    reachedWon: s.reachedWon,
    closedAfter: s.closedAfter,
    lost: s.lost,
    lossReasons: s.lossReasons,
    conversion: open
      ? {
          toNext: s.archived ? null : rateOf(s.reachedNext, s.entered),
          toWon: rateOf(s.reachedWon, s.entered),
          winRate: rateOf(s.reachedWon, s.closedAfter),
        }
      : null,
    timeInStage: open
      ? { averageSeconds: s.avgSeconds, medianSeconds: s.medianSeconds, deals: s.entered, ongoing: s.ongoing }
      : null,
  };
}
