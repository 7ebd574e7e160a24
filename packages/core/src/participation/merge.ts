import type { TxContext } from '../kernel/context.js';
import { touched } from '../parties/merge-sql.js';
import type { ParticipationRegistry } from './registry.js';
import { moveRows } from './rows.js';

/** The pair of a merge, and the merge's id for the audit rows. */
export interface DeclaredMerge {
  mergeId: string;
  survivorId: string;
  mergedId: string;
}

/**
 * Moves every declared row that points at the merged party to the survivor: `combine` links first
 * drop the merged party's rows the survivor already has (same values in the combine columns).
 * Returns the rows moved per label (only non-zero) and the duplicates dropped per `label.column`.
 */
export async function mergeDeclared(
  tx: TxContext,
  registry: ParticipationRegistry,
  merge: DeclaredMerge,
): Promise<{ moved: Record<string, number>; resolved: Record<string, number> }> {
  const moved: Record<string, number> = {};
  const resolved: Record<string, number> = {};
  const params = [tx.tenantId, merge.survivorId, merge.mergedId];
  for (const entry of registry.all()) {
    for (const link of entry.parties ?? []) {
      if (typeof link.merge === 'object') {
        const same = link.merge.combine.map((c) => `s.${c} is not distinct from r.${c}`).join(' and ');
        const n = await touched(
          tx,
          `delete from ${entry.table} r where r.tenant_id = $1 and r.${link.column} = $3
             and exists (select 1 from ${entry.table} s where s.tenant_id = $1 and s.${link.column} = $2 and ${same})`,
          params,
        );
        if (n > 0) resolved[`${entry.label}.${link.column}`] = n;
      }
      const n = await moveRows(tx, entry, {
        column: link.column,
        from: '$3',
        to: '$2',
        where: `r.${link.column} = $3`,
        params,
        audit: { operation: 'merge', context: { mergeId: merge.mergeId } },
      });
      if (n > 0) moved[entry.label] = (moved[entry.label] ?? 0) + n;
    }
  }
  return { moved, resolved };
}
