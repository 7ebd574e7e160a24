import type { TxContext } from '../kernel/context.js';
import { paramBinder, visibilityOf, visibilitySql } from '../organisation/access.js';
import type { CompiledFilter } from './filter-compiler.js';
import { decodeCursor, encodeCursor, type Keyset, type ParsedPageOptions } from './page-cursor.js';
import type { Party } from './party.js';
import { PARTY_VIEW_COLUMNS, type PartyViewRow, toParty } from './party-reader.js';

/**
 * A where-fragment over `core_party p`, compiled once it knows how many parameters precede it. A
 * compiled filter is one; so is the visibility rule that access control adds to every list.
 *
 * @example
 * const mine: PartyPredicate = (offset) => ({ sql: `p.owner_id = $${offset + 1}`, params: [employeeId] });
 */
export type PartyPredicate = (paramOffset: number) => CompiledFilter;

/** One page of parties and the cursor of the next (null on the last page). */
export interface PartyPage {
  items: Party[];
  nextCursor: string | null;
}

/**
 * The one place where party list statements are assembled: the tenant, the actor's visibility, then
 * every predicate, ANDed. Keeping it here means the visibility rule cannot be forgotten by one list.
 */
async function whereClause(tx: TxContext, predicates: readonly PartyPredicate[]): Promise<CompiledFilter> {
  const params: unknown[] = [tx.tenantId];
  const parts = ['p.tenant_id = $1'];
  const visibility = await visibilityOf(tx);
  if (!visibility.all) parts.push(visibilitySql(visibility, 'p', paramBinder(params)));
  for (const predicate of predicates) {
    const compiled = predicate(params.length);
    parts.push(compiled.sql);
    params.push(...compiled.params);
  }
  return { sql: parts.join(' and '), params };
}

/** How many parties match every predicate, in one statement. */
export async function countParties(tx: TxContext, predicates: readonly PartyPredicate[]): Promise<number> {
  const where = await whereClause(tx, predicates);
  const [row] = await tx.sql<{ count: number }>(
    `select count(*)::int as count from core_party p where ${where.sql}`,
    where.params,
  );
  return row!.count;
}

/**
 * How many parties matching every predicate have each value of `valueSql` — a set-returning SQL
 * expression over `p` (one row per value, a null row for none) — in one `group by` statement,
 * largest first.
 */
export async function countPartiesBy(
  tx: TxContext,
  predicates: readonly PartyPredicate[],
  valueSql: string,
): Promise<Array<{ value: string | null; count: number }>> {
  const where = await whereClause(tx, predicates);
  return tx.sql<{ value: string | null; count: number }>(
    `select v.value, count(*)::int as count
     from core_party p cross join lateral (${valueSql}) v(value)
     where ${where.sql}
     group by v.value
     order by count desc, v.value asc nulls last`,
    where.params,
  );
}

/**
 * A page of the parties matching every predicate, by keyset (no offset: a page costs the same deep
 * in the list, and rows inserted meanwhile cause no duplicates or gaps). One statement: the inner
 * query finds the page's rows by index, the outer one reads their contact points, roles and dates.
 */
export async function pageParties(
  tx: TxContext,
  predicates: readonly PartyPredicate[],
  options: ParsedPageOptions,
): Promise<PartyPage> {
  const where = await whereClause(tx, predicates);
  const params = where.params;
  const bind = (value: unknown) => `$${params.push(value)}`;
  const byName = options.orderBy === 'displayName';
  const keys = byName ? ['lower(p.display_name)', 'p.id'] : ['p.id'];
  const dir = options.direction;
  let keyset = '';
  if (options.after) {
    const after = decodeCursor(options, options.after);
    const values = after.map((v, i) => `${bind(v)}${i === after.length - 1 ? '::uuid' : '::text'}`);
    keyset = ` and (${keys.join(', ')}) ${dir === 'asc' ? '>' : '<'} (${values.join(', ')})`;
  }
  const order = keys.map((k) => `${k} ${dir}`).join(', ');
  const rows = await tx.sql<PartyViewRow & { sort_name?: string }>(
    `select ${PARTY_VIEW_COLUMNS}${byName ? ', lower(p.display_name) as sort_name' : ''}
     from (select p.* from core_party p where ${where.sql}${keyset} order by ${order} limit ${bind(options.limit + 1)}) p
     order by ${order}`,
    params,
  );
  const more = rows.length > options.limit;
  const page = more ? rows.slice(0, options.limit) : rows;
  const last = page.at(-1);
  const lastKeys: Keyset | undefined = last && (byName ? [last.sort_name!, last.id] : [last.id]);
  return {
    items: page.map(toParty),
    nextCursor: more && lastKeys ? encodeCursor(options, lastKeys) : null,
  };
}
