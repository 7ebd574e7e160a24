import type { TxContext } from '../kernel/context.js';

/** A column that points at a party: a foreign key `(tenant, column) → core_party (tenant_id, id)`. */
export interface PartyReference {
  /** `table.column`, as the merge audit names it. */
  name: string;
  table: string;
  column: string;
  /** The tenant column of the same foreign key. */
  tenantColumn: string;
}

/**
 * Every foreign key column that references `core_party`, read from the catalog: core's, and those of
 * every installed plugin. Names come back quoted for SQL.
 */
export async function partyReferences(tx: TxContext): Promise<PartyReference[]> {
  const rows = await tx.sql<{ name: string; table: string; column: string; tenant_column: string | null }>(
    `select c.conrelid::regclass::text || '.' || max(a.attname) filter (where ra.attname = 'id') as name,
       c.conrelid::regclass::text as table,
       quote_ident(max(a.attname) filter (where ra.attname = 'id')) as column,
       quote_ident(max(a.attname) filter (where ra.attname = 'tenant_id')) as tenant_column
     from pg_constraint c
     cross join lateral unnest(c.conkey, c.confkey) as k(col, ref)
     join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.col
     join pg_attribute ra on ra.attrelid = c.confrelid and ra.attnum = k.ref
     where c.contype = 'f' and c.confrelid = to_regclass('core_party')
     group by c.oid, c.conrelid
     order by 1`,
  );
  return rows
    .filter((r) => r.column !== null)
    .map((r) => ({ name: r.name, table: r.table, column: r.column, tenantColumn: r.tenant_column ?? '' }));
}

/**
 * How many rows of each referencing column point at `partyId` (only non-zero counts). The party's own
 * row is not counted as referencing itself.
 */
export async function countReferences(
  tx: TxContext,
  references: readonly PartyReference[],
  partyId: string,
): Promise<Record<string, number>> {
  if (references.length === 0) return {};
  const parts = references.map((r, i) => {
    const tenant = r.tenantColumn ? `${r.tenantColumn} = $1 and ` : '';
    const self = r.table === 'core_party' ? ' and id <> $2' : '';
    return `select ${i} as i, count(*)::int as n from ${r.table} where ${tenant}${r.column} = $2${self}`;
  });
  const rows = await tx.sql<{ i: number; n: number }>(parts.join('\nunion all\n'), [tx.tenantId, partyId]);
  return Object.fromEntries(rows.filter((r) => r.n > 0).map((r) => [references[r.i]!.name, r.n]));
}
