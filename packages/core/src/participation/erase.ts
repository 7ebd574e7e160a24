import type { TxContext } from '../kernel/context.js';
import type { ParticipationRegistry } from './registry.js';
import { touchSql } from './rows.js';

/**
 * Applies every declared erasure to the rows that point at `partyId`: writes the declared values
 * (rows stay, so sums and counts keep them) or deletes the rows. Returns the rows touched per label.
 */
export async function eraseDeclared(
  tx: TxContext,
  registry: ParticipationRegistry,
  partyId: string,
): Promise<Record<string, number>> {
  const touched: Record<string, number> = {};
  for (const entry of registry.all()) {
    for (const link of entry.parties ?? []) {
      if (!link.erase) continue;
      const params: unknown[] = [tx.tenantId, partyId];
      let statement: string;
      if (link.erase === 'delete') {
        statement = `delete from ${entry.table} r where r.tenant_id = $1 and r.${link.column} = $2 returning 1`;
      } else {
        const sets = Object.entries(link.erase.set).map(([column, value]) => {
          params.push(bindable(value));
          return `${column} = $${params.length}`;
        });
        if (link.erase.stamp) sets.push(`${link.erase.stamp} = clock_timestamp()`);
        statement = `update ${entry.table} r set ${sets.join(', ')}${touchSql(entry)}
          where r.tenant_id = $1 and r.${link.column} = $2 returning 1`;
      }
      const [row] = await tx.sql<{ n: number }>(
        `with erased as (${statement}) select count(*)::int as n from erased`,
        params,
      );
      if (row && row.n > 0) touched[entry.label] = (touched[entry.label] ?? 0) + row.n;
    }
  }
  return touched;
}

/** Plain objects go as JSON (for jsonb columns); arrays, dates and scalars as the driver binds them. */
function bindable(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date))
    return JSON.stringify(value);
  return value;
}
