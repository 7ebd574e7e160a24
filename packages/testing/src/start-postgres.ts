import { withDatabase } from './admin.js';
import { type AppRole, DEFAULT_APP_ROLE, ensureAppRole } from './app-role.js';
import { type CreateAppDatabaseOptions, createAppDatabase, dropAppDatabase } from './databases.js';
import { startEmbeddedServer } from './embedded-server.js';

/** Options of {@link startPostgres}. */
export interface StartPostgresOptions {
  /**
   * Administrator URL of an existing server to use instead of starting an embedded one. It must
   * be allowed to create roles, databases and extensions (a superuser).
   */
  url?: string;
  /** The ordinary role applications connect as (default `rapport_app`). */
  appRole?: AppRole;
  /** Receives the embedded server's log lines (by default they are shown only if it fails to start). */
  onLog?: (message: string) => void;
}

/** A PostgreSQL server ready for Rapport: an administrator connection and an ordinary app role. */
export interface PostgresServer {
  /** Administrator (superuser) URL of the server's `postgres` database. */
  readonly adminUrl: string;
  /** The ordinary role, not a superuser, so row-level security applies to it. */
  readonly appRole: AppRole;
  /** True when this process started the server (and `stop()` will stop it). */
  readonly embedded: boolean;
  /** URL that connects to database `name` as the app role. */
  appUrl(name: string): string;
  /** Creates database `name` owned by the app role, with Rapport's extensions; returns its app-role URL. */
  createDatabase(name: string, options?: CreateAppDatabaseOptions): Promise<string>;
  /** Drops database `name`, closing its connections. */
  dropDatabase(name: string): Promise<void>;
  /** Stops the embedded server and deletes its data; does nothing for a server given by URL. */
  stop(): Promise<void>;
}

/**
 * Starts a real embedded PostgreSQL on a free port in a fresh temporary folder, or uses the server
 * at `options.url`, and makes sure the ordinary app role exists. Works without vitest.
 *
 * @example
 * const pg = await startPostgres({ url: process.env.DATABASE_URL });
 * const url = await pg.createDatabase('demo', { ifNotExists: true });
 * const crm = await createCrm({ database: { url } });
 * // ... on shutdown
 * await crm.close();
 * await pg.stop();
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const appRole = options.appRole ?? DEFAULT_APP_ROLE;
  const embedded = options.url ? undefined : await startEmbeddedServer({ onLog: options.onLog });
  const adminUrl = options.url ?? embedded!.adminUrl;
  try {
    await ensureAppRole(adminUrl, appRole);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  return Object.freeze({
    adminUrl,
    appRole,
    embedded: embedded !== undefined,
    appUrl: (name: string) =>
      withDatabase(adminUrl, name, { user: appRole.name, password: appRole.password }),
    createDatabase: (name: string, createOptions?: CreateAppDatabaseOptions) =>
      createAppDatabase(adminUrl, appRole, name, createOptions),
    dropDatabase: (name: string) => dropAppDatabase(adminUrl, name),
    stop: async () => embedded?.stop(),
  });
}
