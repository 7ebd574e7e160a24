import { UnderscoreNamingStrategy } from '@mikro-orm/core';
import type { Options } from '@mikro-orm/postgresql';

type IndexKind = Parameters<UnderscoreNamingStrategy['indexName']>[2];

const SUFFIX: Partial<Record<IndexKind, string>> = {
  foreign: 'fkey',
  unique: 'key',
  index: 'idx',
  check: 'check',
};

/**
 * Names keys, constraints and indexes the way PostgreSQL names them when a migration leaves the name
 * out (`core_party_tenant_id_owner_id_fkey`, `core_segment_tenant_id_name_key`), so entities and
 * hand-written migrations agree without naming every constraint twice. PostgreSQL truncates names
 * past 63 bytes: entities give those names explicitly (`foreignKeyName`).
 */
export class PostgresNamingStrategy extends UnderscoreNamingStrategy {
  override indexName(tableName: string, columns: string[], type: IndexKind): string {
    const suffix = SUFFIX[type];
    if (!suffix) return super.indexName(tableName, columns, type);
    const table = tableName.includes('.') ? tableName.slice(tableName.indexOf('.') + 1) : tableName;
    return [table, ...columns.map((column) => column.replace(/\./g, '_')), suffix].join('_');
  }
}

/** What the schema generator leaves to the migrations: things entities cannot express. */
export interface OrmSchemaOptions {
  /** The job queue's schema (pg-boss owns its tables). */
  jobsSchema: string;
}

/**
 * The MikroORM options every CRM shares. Migrations are hand-written SQL and stay the source of
 * truth; the schema generator only compares (the drift check), so it must ignore what entities do
 * not model: row-level security policies, triggers and functions, the job queue's schema, core's migration ledger.
 */
export function ormOptions({ jobsSchema }: OrmSchemaOptions): Options {
  return {
    namingStrategy: PostgresNamingStrategy,
    // `tenant_id` is a key column and the column of the relation to `core_tenant` at once.
    discovery: { checkDuplicateFieldNames: false },
    schemaGenerator: {
      ignorePolicies: true,
      ignoreTriggers: true,
      ignoreRoutines: true,
      ignoreSchema: [jobsSchema],
      skipTables: ['core_migration'],
    },
  };
}
