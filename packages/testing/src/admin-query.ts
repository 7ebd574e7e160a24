import type pg from 'pg';
import { withClient, withDatabase } from './admin.js';
import { injectedPostgres } from './provided.js';

/** Options of {@link adminQuery}. */
export interface AdminQueryOptions {
  /** The database to run in (default `postgres`, the server's own). */
  database?: string;
  /** Administrator URL of the server (default: the global setup's server, else `DATABASE_URL`). */
  adminUrl?: string;
}

/**
 * Runs one SQL statement (with `$1` placeholders) as the test server's administrator and returns
 * its rows: for what the app role may not do or see (other tenants' rows, `pg_database`), without
 * bringing `pg` into a test. Row-level security does not apply to the administrator.
 *
 * @example
 * const [row] = await adminQuery<{ n: number }>('select count(*)::int as n from pg_database where datname = $1', [name]);
 */
export async function adminQuery<T extends pg.QueryResultRow = Record<string, unknown>>(
  sql: string,
  params: readonly unknown[] = [],
  options: AdminQueryOptions = {},
): Promise<T[]> {
  const serverUrl = options.adminUrl ?? (await injectedPostgres())?.adminUrl ?? process.env.DATABASE_URL;
  if (!serverUrl) {
    throw new Error(
      'No PostgreSQL for adminQuery(): add "@rapport/testing/global-setup" to vitest\'s globalSetup, ' +
        'set DATABASE_URL, or pass { adminUrl }.',
    );
  }
  const url = options.database ? withDatabase(serverUrl, options.database) : serverUrl;
  return runQuery<T>(url, sql, params);
}

/** Runs one statement on a short-lived connection to `url` and returns its rows. */
export function runQuery<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  return withClient(url, async (client) => (await client.query<T>(sql, [...params])).rows);
}
