import {
  NotAllowedError,
  NotFoundError,
  paramBinder,
  type TxContext,
  visibilityOf,
  visibilitySql,
} from '@rapport/core/plugin';
import type { PriceListRequest } from '../hooks.js';
import { resolveContextSql } from './resolve-sql.js';

/** A list that may apply, and why (a row of the candidates in `resolveContextSql`). */
export interface CandidateRow {
  id: string;
  priority: number;
  isDefault: boolean;
  partyId: string | null;
  segmentId: string | null;
  filter: unknown;
}

/** What a resolution needs before it prices the lines. */
export interface ResolveContext {
  /** The country of the party's primary address (upper case), or null. */
  partyCountry: string | null;
  candidates: CandidateRow[];
}

/**
 * In one statement: whether the party exists and the actor may see it (not found / not allowed as
 * `requireVisibleParties` says), its primary address's country, and the candidate price lists.
 */
export async function resolveContext(tx: TxContext, request: PriceListRequest): Promise<ResolveContext> {
  const visibility = await visibilityOf(tx);
  const partyId = request.partyId?.toLowerCase() ?? null;
  const params: unknown[] = [tx.tenantId, request.currency, request.date, partyId];
  const visible = visibilitySql(visibility, 'p', paramBinder(params));
  const [row] = await tx.sql<{
    party: { visible: boolean; country: string | null } | null;
    lists: CandidateRow[];
  }>(resolveContextSql(visible), params);
  if (partyId) requireSeen(partyId, row?.party);
  return { partyCountry: row?.party?.country ?? null, candidates: row?.lists ?? [] };
}

/**
 * Refuses a party read in the same statement as the rest (`found` null: no such party) as
 * `requireVisibleParties` does: not found, or not allowed when the actor may not see it.
 */
export function requireSeen(partyId: string, found: { visible: boolean } | null | undefined): void {
  if (!found) throw new NotFoundError('Party', partyId);
  if (!found.visible)
    throw new NotAllowedError(`Not allowed to access party ${partyId}`, { partyIds: [partyId] });
}
