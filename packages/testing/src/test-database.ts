import { randomBytes } from 'node:crypto';
import { withDatabase } from './admin.js';
import { type AppRole, DEFAULT_APP_ROLE, ensureAppRole } from './app-role.js';
import { createAppDatabase, dropAppDatabase } from './databases.js';
import { injectedPostgres } from './provided.js';

/** Options of {@link createTestDatabase}. */
export interface TestDatabaseOptions {
  /**
   * Administrator URL of the server. Default: the server of `@rapport/testing/global-setup`
   * inside vitest, else `DATABASE_URL`.
   */
  adminUrl?: string;
  /** The ordinary role to connect as (default: the global setup's, else `rapport_app`). */
  appRole?: AppRole;
  /** Prefix of the generated database name (default `rapport_test`). */
  prefix?: string;
  /** Extensions to create (default pg_trgm, unaccent, citext, btree_gin, pgcrypto). */
  extensions?: readonly string[];
}

/** A database of one's own, on the test server. */
export interface TestDatabase {
  /** The database's name. */
  readonly name: string;
  /** Connects to the database as the ordinary app role: what a CRM under test should use. */
  readonly url: string;
  /** Connects to the database as administrator, for inspection a test cannot do as the app role. */
  readonly adminUrl: string;
  /** Drops the database, closing any connection left to it. Idempotent. */
  drop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const ensuredRoles = new Map<string, Promise<void>>();
let counter = 0;

/**
 * Creates a fresh, empty database owned by the ordinary app role, with Rapport's extensions.
 *
 * @example
 * const db = await createTestDatabase();
 * afterAll(() => db.drop());
 * const crm = await createCrm({ database: { url: db.url } });
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const provided = options.adminUrl ? undefined : await injectedPostgres();
  const adminUrl = options.adminUrl ?? provided?.adminUrl ?? process.env.DATABASE_URL;
  if (!adminUrl) {
    throw new Error(
      'No PostgreSQL for createTestDatabase(): add "@rapport/testing/global-setup" to vitest\'s globalSetup, ' +
        'set DATABASE_URL, or pass { adminUrl }.',
    );
  }
  const appRole = options.appRole ?? provided?.appRole ?? DEFAULT_APP_ROLE;
  if (!provided) await ensureRoleOnce(adminUrl, appRole);
  const name = uniqueName(options.prefix ?? 'rapport_test');
  const url = await createAppDatabase(adminUrl, appRole, name, { extensions: options.extensions });
  let dropped: Promise<void> | undefined;
  const drop = () => {
    dropped ??= dropAppDatabase(adminUrl, name);
    return dropped;
  };
  return Object.freeze({
    name,
    url,
    adminUrl: withDatabase(adminUrl, name),
    drop,
    [Symbol.asyncDispose]: drop,
  });
}

/** The global setup has created the role already; without it, create it once per process and server. */
function ensureRoleOnce(adminUrl: string, role: AppRole): Promise<void> {
  const key = `${adminUrl}\n${role.name}`;
  let ensured = ensuredRoles.get(key);
  if (!ensured) {
    ensured = ensureAppRole(adminUrl, role);
    ensuredRoles.set(key, ensured);
    ensured.catch(() => ensuredRoles.delete(key));
  }
  return ensured;
}

/** Unique across processes and files running at once; PostgreSQL cuts names at 63 bytes. */
function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix.slice(0, 32)}_${process.pid}_${counter}_${randomBytes(3).toString('hex')}`.toLowerCase();
}
