import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { PROVIDED_KEY, type ProvidedPostgres } from './provided.js';
import { startPostgres } from './start-postgres.js';
import { dropTemplates, TEMPLATE_PREFIX } from './template-databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    [PROVIDED_KEY]: ProvidedPostgres;
  }
}

/**
 * Vitest `globalSetup`: once per run, uses the server of `DATABASE_URL` or starts an embedded
 * PostgreSQL, creates the ordinary app role, and provides both to the test files, where
 * `createTestDatabase()` and `createTestCrm()` pick them up, with an id for the run's template
 * databases. Drops those templates and stops the embedded server at the end.
 *
 * @example
 * // vitest.config.ts
 * export default defineConfig({ test: { globalSetup: ['@rapport/testing/global-setup'] } });
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres({ url: process.env.DATABASE_URL || undefined });
  const runId = randomBytes(4).toString('hex');
  project.provide(PROVIDED_KEY, { adminUrl: server.adminUrl, appRole: { ...server.appRole }, runId });
  return async () => {
    // A server given by URL outlives the run: leave no template behind on it.
    if (!server.embedded) await dropTemplates(server.adminUrl, `${TEMPLATE_PREFIX}${runId}_`);
    await server.stop();
  };
}
