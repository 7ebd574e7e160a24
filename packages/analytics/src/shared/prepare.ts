import { paramBinder, type SegmentService, type TxContext, visibilityOf } from '@rapport/core/plugin';
import type { DimensionJoin } from '../query/dimensions.js';
import type { ParsedFilters } from '../query/query-input.js';
import { invalidField, requireDepartmentFound, requireEmployeeFound } from './checks.js';
import { journalFactsSql } from './journal-facts.js';
import { type PeriodInput, previousPeriod, type ResolvedPeriod, resolvePeriod } from './period.js';
import { type AnalyticsScope, analyticsScope, type Bind } from './scope.js';

/** A statement in the making: `$1` tenant, `$2` the tenant's time zone, the facts' `from … where …`. */
export interface PreparedFacts {
  params: unknown[];
  bind: Bind;
  scope: AnalyticsScope;
  period: ResolvedPeriod;
  /** The previous period, when asked. */
  previous: ResolvedPeriod | null;
  /** Bound `[from, to)` of the current period. */
  from: string;
  to: string;
  facts: string;
}

/** The filters an analysis hands to {@link prepareFacts} (types and role may be forced by it). */
export type FactFilters = Omit<ParsedFilters, 'period' | 'partyRole'> & {
  period: PeriodInput;
  partyRole?: string | undefined;
};

/**
 * Resolves the period in the tenant's time zone, checks the references, binds the actor's scope and
 * the segment filter, and builds the fact rows' `from … where …` ({@link journalFactsSql}). With
 * `compare`, the facts span the previous period too (the caller tells them apart).
 */
export async function prepareFacts(
  tx: TxContext,
  segments: SegmentService,
  filters: FactFilters,
  options: { joins?: readonly DimensionJoin[]; compare?: boolean; what?: string } = {},
): Promise<PreparedFacts> {
  const what = options.what ?? 'analysis';
  const period = await resolvePeriod(tx, filters.period as never);
  if (!(period.to > period.from)) throw invalidField(what, 'filters.period.to', '`to` must be after `from`');
  const previous = options.compare ? previousPeriod(period) : null;
  if (filters.departmentId) await requireDepartmentFound(tx, filters.departmentId, 'filters.departmentId');
  if (filters.teamOf) await requireEmployeeFound(tx, filters.teamOf, 'filters.teamOf');
  const params: unknown[] = [tx.tenantId, period.timeZone];
  const bind = paramBinder(params);
  const scope = analyticsScope(await visibilityOf(tx), bind);
  const segment =
    filters.segment === undefined ? undefined : await segments.predicate(tx, filters.segment as never);
  const from = bind(period.from);
  const to = bind(period.to);
  const scanFrom = previous ? bind(previous.from) : from;
  const facts = journalFactsSql({ ...filters, partyRole: filters.partyRole ?? 'customer' } as ParsedFilters, {
    from: scanFrom,
    to,
    scope,
    bind,
    segment,
    params,
    joins: new Set(options.joins ?? []),
  });
  return { params, bind, scope, period, previous, from, to, facts };
}
