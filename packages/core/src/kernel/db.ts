import type { InferEntityProperties, SqlEntityManager } from '@mikro-orm/postgresql';
import { type Generated, type Kysely, type RawBuilder, sql } from 'kysely';

type Builder<T> = T extends (...args: any[]) => infer R ? R : T;

type ColumnValue<B> = B extends { '~type'?: { value: infer V }; '~options': infer O }
  ? O extends { kind: 'm:1' | '1:m' | 'm:n' | '1:1' | 'embedded' }
    ? never
    : O extends { nullable: true }
      ? V | null
      : O extends { defaultRaw: unknown } | { default: unknown } | { generated: unknown }
        ? Generated<V>
        : V
  : never;

type Columns<P> = {
  -readonly [K in keyof P as [ColumnValue<Builder<P[K]>>] extends [never] ? never : K]: ColumnValue<
    Builder<P[K]>
  >;
};

/**
 * The Kysely row type of a `defineEntity` entity, by property name. Relations are left out: a
 * composite relation `(tenant_id, party_id)` compiles to wrong SQL in Kysely, so queries use the
 * scalar beside it (`partyId`), which is kept even though MikroORM does not persist it.
 */
export type TableOf<E> = Columns<InferEntityProperties<E>>;

/**
 * The tables `tx.db` knows, keyed by entity name. The kernel knows none: core's modules and every
 * plugin add theirs by declaration merging.
 *
 * @example
 * declare module '@rapport/core/plugin' {
 *   interface RapportTables { VisitNote: TableOf<typeof VisitNoteEntity> }
 * }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging
export interface RapportTables {}

/** A Kysely query builder over entities and their property names, bound to one transaction. */
export type RapportDb = Kysely<RapportTables>;

/**
 * Entity names for tables, property names for columns, values converted as MikroORM converts them
 * (timestamptz → `Date`, numeric → exact string, jsonb → value).
 */
const KYSELY_OPTIONS = {
  tableNamingStrategy: 'entity',
  columnNamingStrategy: 'property',
  convertValues: true,
} as const;

/** The typed Kysely instance of an entity manager (bound to its transaction when it has one). */
export function kyselyOf(em: SqlEntityManager): RapportDb {
  return em.getKysely<RapportTables>(KYSELY_OPTIONS);
}

/**
 * A Kysely fragment from SQL written with `$n` placeholders and its values, so predicates that
 * Rapport's helpers build for `tx.sql` (visibility, compiled segment filters) can be used in `tx.db`
 * queries. Meant for fragments those helpers build: a `$` followed by digits is always a placeholder.
 *
 * @example
 * const params: unknown[] = [];
 * const visible = rowVisibilitySql(await visibilityOf(tx), DEALS, 'd', paramBinder(params));
 * await tx.db.selectFrom('Deal as d').selectAll().where(sqlFragment<boolean>(visible, params)).execute();
 */
export function sqlFragment<T = unknown>(text: string, params: readonly unknown[]): RawBuilder<T> {
  const parts = text.split(/\$(\d+)/);
  const chunks = parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql.val(params[Number(part) - 1])));
  return sql<T>`${sql.join(chunks, sql.raw(''))}`;
}
