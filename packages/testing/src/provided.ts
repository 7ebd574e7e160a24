import type { AppRole } from './app-role.js';

/** Key under which the global setup provides the server to test files (vitest `provide`/`inject`). */
export const PROVIDED_KEY = 'rapport:postgres';

/** What the global setup provides to test files: plain data, because it crosses into workers. */
export interface ProvidedPostgres {
  adminUrl: string;
  appRole: AppRole;
  /**
   * Names this run's template databases (`rapport_tpl_<runId>_…`), built once and cloned per test
   * file; the global setup drops them at the end. Without it, every database is built from scratch.
   */
  runId?: string;
}

/** The server provided by `@rapport/testing/global-setup`, when running inside vitest. */
export async function injectedPostgres(): Promise<ProvidedPostgres | undefined> {
  if (!process.env.VITEST) return undefined;
  // Imported lazily so that the package works without vitest installed (vitest is optional).
  const { inject } = (await import('vitest')) as unknown as { inject(key: string): unknown };
  return inject(PROVIDED_KEY) as ProvidedPostgres | undefined;
}
