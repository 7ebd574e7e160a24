import { type AnyPlugin, type Crm, type CrmOptions, createCrm } from '@rapport/core';
import { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from './test-database.js';

/** Options of {@link createTestCrm}: those of `createCrm` without the URL, plus the test's own. */
export interface TestCrmOptions<P extends readonly AnyPlugin[]> extends Omit<CrmOptions<P>, 'database'> {
  /** Where the database is created and how the CRM connects to it. */
  database?: TestDatabaseOptions & Omit<CrmOptions<P>['database'], 'url'>;
  /**
   * Start with the migrations of core and every plugin applied (default true): the database is a
   * copy of a template migrated once per plugin set and run.
   */
  migrate?: boolean;
}

/** A CRM on a database of its own; `close()` (or `await using`) closes it and drops the database. */
export interface TestCrm<P extends readonly AnyPlugin[]> {
  /** The CRM under test, with `crm.services` typed by the plugins passed. */
  readonly crm: Crm<P>;
  /** The CRM's database, for inspection with a client of one's own. */
  readonly database: TestDatabase;
  /** Closes the CRM, then drops its database. Idempotent. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Creates a fresh database, migrated for the given plugins, and builds a CRM with them on it
 * (connected as the ordinary app role, so row-level security applies). Job workers are off unless
 * `jobs.workers` is true: run queued jobs with `drainJobs(crm)`, deterministically.
 *
 * @example
 * const { crm, close } = await createTestCrm({ plugins: [notes] });
 * afterAll(close);
 * const acme = await crm.services.tenants.create({ name: 'Acme' });
 */
export async function createTestCrm<const P extends readonly AnyPlugin[] = []>(
  options: TestCrmOptions<P> = {},
): Promise<TestCrm<P>> {
  const { database: databaseOptions = {}, migrate = true, ...crmOptions } = options;
  const { poolSize, debug, ...testDatabaseOptions } = databaseOptions;
  const database = await createTestDatabase({
    ...testDatabaseOptions,
    ...(migrate
      ? { migrated: { plugins: crmOptions.plugins ?? [], jobsSchema: crmOptions.jobs?.schema } }
      : {}),
  });
  let crm: Crm<P> | undefined;
  try {
    crm = await createCrm<P>({
      ...crmOptions,
      database: { url: database.url, poolSize, debug },
      // No workers unless asked: tests run jobs with drainJobs(); those that do start workers
      // should not wait seconds for a poll.
      jobs: { workers: false, pollingIntervalSeconds: 0.5, ...crmOptions.jobs },
    });
    // Nothing left to apply on a migrated copy; kept so a stale template cannot go unnoticed.
    if (migrate) await crm.migrate();
  } catch (error) {
    await crm?.close();
    await database.drop();
    throw error;
  }
  const built = crm;
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= built.close().finally(() => database.drop());
    return closed;
  };
  return Object.freeze({ crm: built, database, close, [Symbol.asyncDispose]: close });
}
