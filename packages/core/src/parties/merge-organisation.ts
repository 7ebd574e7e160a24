import type { TxContext } from '../kernel/context.js';
import { type MergePair, type MoveCounts, repoint, touched } from './merge-sql.js';

/**
 * Moves the rows of core's organisation module: shares (a grant the survivor already has is dropped),
 * reassignment items (one per reassignment and party) and erasure records.
 */
export async function moveOrganisationRows(
  tx: TxContext,
  pair: MergePair,
  counts: MoveCounts,
): Promise<void> {
  const v = [tx.tenantId, pair.survivorId, pair.mergedId];
  counts.resolved['core_party_share.dropped_duplicates'] = await touched(
    tx,
    `delete from core_party_share m where m.tenant_id = $1 and m.party_id = $3 and exists (
       select 1 from core_party_share s where s.tenant_id = $1 and s.party_id = $2
         and coalesce(s.employee_id, s.department_id) = coalesce(m.employee_id, m.department_id))`,
    v,
  );
  counts.moved.core_party_share = await repoint(tx, pair, 'core_party_share');
  counts.resolved['core_reassignment_item.dropped_duplicates'] = await touched(
    tx,
    `delete from core_reassignment_item m where m.tenant_id = $1 and m.party_id = $3 and exists (
       select 1 from core_reassignment_item s where s.tenant_id = $1 and s.party_id = $2 and s.reassignment_id = m.reassignment_id)`,
    v,
  );
  counts.moved.core_reassignment_item = await repoint(tx, pair, 'core_reassignment_item');
  counts.moved.core_erasure = await repoint(tx, pair, 'core_erasure');
}
