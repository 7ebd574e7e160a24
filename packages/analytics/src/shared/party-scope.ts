import {
  paramBinder,
  type SegmentService,
  type TxContext,
  type Visibility,
  visibilityOf,
  visibilitySql,
} from '@rapport/core/plugin';
import { invalidField } from './checks.js';
import { type PeriodInput, type ResolvedPeriod, resolvePeriod } from './period.js';
import type { Bind } from './scope.js';

/** A party-level statement in the making: `$1` the tenant, then what `bind` adds. */
export interface PreparedParties {
  period: ResolvedPeriod;
  params: unknown[];
  bind: Bind;
  visibility: Visibility;
  /** Conditions on `core_party p`: the actor's visibility and the segment filter. */
  partyWhere: string[];
}

/**
 * Resolves the period in the tenant's time zone (refusing an empty one, naming `period.to` of
 * `what`), and binds the parties the actor may see and the segment filter — for the analyses that
 * count parties rather than journal facts (acquisition sources, the map).
 */
export async function prepareParties(
  tx: TxContext,
  segments: SegmentService,
  query: { period: PeriodInput; segment?: unknown },
  what: string,
): Promise<PreparedParties> {
  const period = await resolvePeriod(tx, query.period as never);
  if (!(period.to > period.from)) throw invalidField(what, 'period.to', '`to` must be after `from`');
  const params: unknown[] = [tx.tenantId];
  const bind = paramBinder(params);
  const visibility = await visibilityOf(tx);
  const partyWhere: string[] = [];
  if (!visibility.all) partyWhere.push(visibilitySql(visibility, 'p', bind));
  if (query.segment !== undefined) {
    const compiled = (await segments.predicate(tx, query.segment as never))(params.length);
    params.push(...compiled.params);
    partyWhere.push(compiled.sql);
  }
  return { period, params, bind, visibility, partyWhere };
}
