import { HOOKS, SEGMENT_SERVICE, type TxContext } from '@rapport/core/plugin';
import type { PriceListCandidate, PriceListRequest } from '../hooks.js';
import type { CandidateRow } from './resolve-context.js';

/**
 * The price lists that apply to a request, highest priority first, from its candidate rows (see
 * `resolveContext`): default lists, lists assigned to the party, lists of segments the party is a
 * member of (membership checked in SQL, one statement for every segment, only when segments are
 * assigned), then whatever `resolvePriceLists` taps add or remove.
 */
export async function priceListsFor(
  tx: TxContext,
  request: PriceListRequest,
  rows: readonly CandidateRow[],
): Promise<Array<PriceListCandidate & { priority: number }>> {
  const members = await segmentMembership(tx, request.partyId, rows);
  const candidates: PriceListCandidate[] = [];
  for (const row of rows) {
    if (row.partyId) candidates.push({ priceListId: row.id, source: 'party' });
    else if (row.segmentId && members.has(row.segmentId))
      candidates.push({ priceListId: row.id, source: `segment:${row.segmentId}` });
    else if (row.isDefault) candidates.push({ priceListId: row.id, source: 'default' });
  }
  const hooks = tx.resolve(HOOKS);
  const final = hooks.resolvePriceLists.isUsed()
    ? await hooks.resolvePriceLists.promise(unique(candidates), request, tx)
    : unique(candidates);
  return withPriorities(tx, final, rows, request);
}

/** Which of the rows' segments the party belongs to, in one statement. */
async function segmentMembership(tx: TxContext, partyId: string | null, rows: readonly CandidateRow[]) {
  const segments = [
    ...new Map(rows.filter((r) => r.segmentId).map((r) => [r.segmentId!, r.filter])).entries(),
  ];
  if (!partyId || segments.length === 0) return new Set<string>();
  const service = tx.resolve(SEGMENT_SERVICE);
  const params: unknown[] = [tx.tenantId, partyId];
  const checks: string[] = [];
  for (const [, filter] of segments) {
    const compiled = (await service.predicate(tx, filter as never))(params.length);
    params.push(...compiled.params);
    checks.push(
      `exists (select 1 from core_party p where p.tenant_id = $1 and p.id = $2 and ${compiled.sql})`,
    );
  }
  const [row] = await tx.sql<{ hits: boolean[] }>(`select array[${checks.join(', ')}] as hits`, params);
  return new Set(segments.filter((_, i) => row?.hits[i]).map(([id]) => id));
}

function unique(candidates: readonly PriceListCandidate[]): PriceListCandidate[] {
  const seen = new Map<string, PriceListCandidate>();
  for (const c of candidates) if (!seen.has(c.priceListId)) seen.set(c.priceListId, c);
  return [...seen.values()];
}

/** Orders the final candidates by priority; lists a tap added count only if active, of the currency, valid that day. */
async function withPriorities(
  tx: TxContext,
  candidates: readonly PriceListCandidate[],
  rows: readonly CandidateRow[],
  request: PriceListRequest,
) {
  const known = new Map(rows.map((r) => [r.id, r.priority]));
  const extra = candidates.filter((c) => !known.has(c.priceListId)).map((c) => c.priceListId);
  if (extra.length > 0) {
    const found = await tx.sql<{ id: string; priority: number }>(
      `select id, priority from pricing_price_list where tenant_id = $1 and id = any($2::uuid[]) and archived_at is null
         and currency = $3 and (valid_from is null or valid_from <= $4::date) and (valid_to is null or valid_to > $4::date)`,
      [tx.tenantId, extra, request.currency, request.date],
    );
    for (const f of found) known.set(f.id, f.priority);
  }
  return candidates
    .filter((c) => known.has(c.priceListId))
    .map((c) => ({ ...c, priority: known.get(c.priceListId)! }))
    .sort((a, b) => b.priority - a.priority);
}
