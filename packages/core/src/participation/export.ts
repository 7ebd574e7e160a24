import type { TxContext } from '../kernel/context.js';
import type { ParticipationRegistry } from './registry.js';
import { camel } from './rows.js';

/**
 * The privacy-export sections of the declared tables: per label, every row that points at
 * `partyId` through an exported party link, with camelCase keys and without the tenant column
 * (decimals as exact strings, timestamps as ISO strings, JSON as values). Labels with no rows are
 * left out.
 */
export async function exportDeclared(
  tx: TxContext,
  registry: ParticipationRegistry,
  partyId: string,
): Promise<Record<string, Record<string, unknown>[]>> {
  const sections: Record<string, Record<string, unknown>[]> = {};
  for (const entry of registry.all()) {
    const columns = (entry.parties ?? []).filter((link) => link.export !== false).map((l) => l.column);
    if (columns.length === 0) continue;
    const rows = await tx.sql<Record<string, unknown>>(
      `select r.* from ${entry.table} r where r.tenant_id = $1 and (${columns.map((c) => `r.${c} = $2`).join(' or ')})
       order by r.${entry.id}`,
      [tx.tenantId, partyId],
    );
    if (rows.length === 0) continue;
    sections[entry.label] = rows.map((row) =>
      Object.fromEntries(
        Object.entries(row)
          .filter(([column]) => column !== 'tenant_id' && !entry.exportOmits?.includes(column))
          .map(([column, value]) => [camel(column), value]),
      ),
    );
  }
  return sections;
}
