import type { TxContext } from '../kernel/context.js';

/** What a merge did to rows: counts per table (or `table.column`), zero counts left out. */
export interface MoveCounts {
  /** Rows re-pointed from the merged party to the survivor. */
  moved: Record<string, number>;
  /** Duplicates resolved instead of moved as they were: contact points removed, roles and relationships ended… */
  resolved: Record<string, number>;
}

/** The parties of one merge, and the relationship types read in both directions. */
export interface MergePair {
  survivorId: string;
  mergedId: string;
  symmetricTypes: readonly string[];
}

/** Runs a data-changing statement (without RETURNING) and returns how many rows it touched. */
export async function touched(tx: TxContext, dml: string, values: readonly unknown[]): Promise<number> {
  const [row] = await tx.sql<{ n: number }>(
    `with touched as (${dml} returning 1) select count(*)::int as n from touched`,
    values,
  );
  return row?.n ?? 0;
}

/** Re-points `table.column` from the merged party to the survivor. */
export function repoint(tx: TxContext, pair: MergePair, table: string, column = 'party_id'): Promise<number> {
  return touched(tx, `update ${table} set ${column} = $2 where tenant_id = $1 and ${column} = $3`, [
    tx.tenantId,
    pair.survivorId,
    pair.mergedId,
  ]);
}
