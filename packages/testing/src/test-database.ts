import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { withDatabase } from './admin.js';
import { runQuery } from './admin-query.js';
import { type AppRole, DEFAULT_APP_ROLE, ensureAppRole } from './app-role.js';
import { createAppDatabase, DEFAULT_EXTENSIONS, dropAppDatabase } from './databases.js';
import { injectedPostgres } from './provided.js';
import { cloneDatabase, TEMPLATE_PREFIX } from './template-databases.js';
import { type TemplateSpec, templateKey } from './template-key.js';
import { ensureTemplate, migrateDatabase } from './templates.js';

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
  /** Extensions to create (default pg_trgm, unaccent, citext, btree_gin, pgcrypto, fuzzystrmatch). */
  extensions?: readonly string[];
  /**
   * Migrate the database for these plugins (core's migrations always, then theirs) and install the
   * job queue's schema. Inside a vitest run with the global setup, this is done once per plugin set
   * in a template database that every such call then clones, which takes a fraction of the time.
   * Default: an empty database.
   */
  migrated?: TemplateSpec;
}

/** A database of one's own, on the test server. */
export interface TestDatabase {
  /** The database's name. */
  readonly name: string;
  /** Connects to the database as the ordinary app role: what a CRM under test should use. */
  readonly url: string;
  /** Connects to the database as administrator, for inspection a test cannot do as the app role. */
  readonly adminUrl: string;
  /** Runs one statement (with `$1` placeholders) as the ordinary app role and returns its rows. */
  query<T extends pg.QueryResultRow = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<T[]>;
  /**
   * Runs one statement as administrator, in this database, and returns its rows: row-level
   * security does not apply, so it sees every tenant's rows (what a rollback really left behind).
   */
  adminQuery<T extends pg.QueryResultRow = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<T[]>;
  /** Drops the database, closing any connection left to it. Idempotent. */
  drop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const ensuredRoles = new Map<string, Promise<void>>();
let counter = 0;

/**
 * Creates a fresh database owned by the ordinary app role, with Rapport's extensions: empty, or
 * migrated for a set of plugins (`migrated`). Inside a vitest run it is a copy of a template
 * database built once per run (and per plugin set).
 *
 * @example
 * const db = await createTestDatabase({ migrated: { plugins: [notes] } });
 * afterAll(() => db.drop());
 * const crm = await createCrm({ database: { url: db.url }, plugins: [notes] });
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
  const extensions = options.extensions ?? DEFAULT_EXTENSIONS;
  let url: string;
  if (provided?.runId) {
    const template = `${TEMPLATE_PREFIX}${provided.runId}_${templateKey(options.migrated, extensions, appRole.name)}`;
    await ensureTemplate({ adminUrl, role: appRole, extensions }, template, options.migrated);
    await cloneDatabase(adminUrl, template, name, appRole);
    url = withDatabase(adminUrl, name, { user: appRole.name, password: appRole.password });
  } else {
    url = await createAppDatabase(adminUrl, appRole, name, { extensions });
    if (options.migrated) {
      await migrateDatabase(url, options.migrated).catch(async (error: unknown) => {
        await dropAppDatabase(adminUrl, name);
        throw error;
      });
    }
  }
  const databaseAdminUrl = withDatabase(adminUrl, name);
  let dropped: Promise<void> | undefined;
  const drop = () => {
    dropped ??= dropAppDatabase(adminUrl, name);
    return dropped;
  };
  const database: TestDatabase = {
    name,
    url,
    adminUrl: databaseAdminUrl,
    query: (sql, params) => runQuery(url, sql, params),
    adminQuery: (sql, params) => runQuery(databaseAdminUrl, sql, params),
    drop,
    [Symbol.asyncDispose]: drop,
  };
  return Object.freeze(database);
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
