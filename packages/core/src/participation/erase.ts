import type { TxContext } from '../kernel/context.js';
import { touched } from '../parties/merge-sql.js';
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
  const counts: Record<string, number> = {};
  for (const entry of registry.all()) {
    for (const link of entry.parties ?? []) {
      if (!link.erase) continue;
      const params: unknown[] = [tx.tenantId, partyId];
      let statement: string;
      if (link.erase === 'delete') {
        statement = `delete from ${entry.table} r where r.tenant_id = $1 and r.${link.column} = $2`;
      } else {
        const sets = Object.entries(link.erase.set).map(([column, value]) => {
          params.push(bindable(value));
          return `${column} = $${params.length}`;
        });
        if (link.erase.stamp) sets.push(`${link.erase.stamp} = clock_timestamp()`);
        statement = `update ${entry.table} r set ${sets.join(', ')}${touchSql(entry)}
          where r.tenant_id = $1 and r.${link.column} = $2`;
      }
      const n = await touched(tx, statement, params);
      if (n > 0) counts[entry.label] = (counts[entry.label] ?? 0) + n;
    }
  }
  return counts;
}

/** Plain objects go as JSON (for jsonb columns); arrays, dates and scalars as the driver binds them. */
function bindable(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date))
    return JSON.stringify(value);
  return value;
}
