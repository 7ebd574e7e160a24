import { ident, withClient, withDatabase } from './admin.js';
import type { AppRole } from './app-role.js';

/** Extensions every database gets, created as administrator because the app role may not. */
export const DEFAULT_EXTENSIONS: readonly string[] = Object.freeze([
  'pg_trgm',
  'unaccent',
  'citext',
  'btree_gin',
  'pgcrypto',
  'fuzzystrmatch',
]);

/** Options of `PostgresServer.createDatabase`. */
export interface CreateAppDatabaseOptions {
  /** Extensions to create in the new database (default {@link DEFAULT_EXTENSIONS}). */
  extensions?: readonly string[];
  /** Keep an existing database of that name instead of failing (default false). */
  ifNotExists?: boolean;
}

/**
 * Creates database `name` owned by `role`, with `public` owned by the role and the extensions
 * installed, and returns the URL that connects to it as the role.
 */
export async function createAppDatabase(
  adminUrl: string,
  role: AppRole,
  name: string,
  options: CreateAppDatabaseOptions = {},
): Promise<string> {
  await withClient(adminUrl, async (client) => {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount && options.ifNotExists) return;
    // template0: template1 may hold objects someone added; UTF8: the CRM stores any language.
    await client.query(
      `CREATE DATABASE ${ident(name)} OWNER ${ident(role.name)} TEMPLATE template0 ENCODING 'UTF8'`,
    );
  });
  await withClient(withDatabase(adminUrl, name), async (client) => {
    // Since PostgreSQL 15 only the database owner may create in public; make the role own it outright.
    await client.query(`ALTER SCHEMA public OWNER TO ${ident(role.name)}`);
    for (const extension of options.extensions ?? DEFAULT_EXTENSIONS) {
      await client.query(`CREATE EXTENSION IF NOT EXISTS ${ident(extension)}`);
    }
  });
  return withDatabase(adminUrl, name, { user: role.name, password: role.password });
}

/** Drops database `name`, disconnecting whoever is still connected to it. */
export async function dropAppDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
  });
}
