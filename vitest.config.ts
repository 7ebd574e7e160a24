import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const testing = join(root, 'packages/testing/src');

/** One project per workspace package (under packages/ and examples/) that has a `test` folder. */
function packageProjects(folder: string): TestProjectInlineConfiguration[] {
  const base = join(root, folder);
  if (!existsSync(base)) return [];
  return readdirSync(base, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(base, entry.name, 'test')))
    .map((entry) => project(`${folder}/${entry.name}`, ['test/**/*.test.ts']));
}

function project(dir: string, patterns: string[]): TestProjectInlineConfiguration {
  return { extends: true, test: { name: dir, root: resolve(root, dir), include: patterns } };
}

/**
 * Set by tests that spawn vitest on one fixture (such as the deliberately failing one): then that
 * file is the only test, run with the same global setup as everything else.
 */
const fixture = process.env.RAPPORT_VITEST_FIXTURE;

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources: tests need no build.
  ssr: { resolve: { conditions: ['@rapport/source'] } },
  test: {
    projects: fixture
      ? [{ extends: true, test: { name: 'fixture', root, include: [resolve(root, fixture)] } }]
      : [...packageProjects('packages'), ...packageProjects('examples'), project('tests', ['**/*.test.ts'])],
    // `*.fixture.ts` files are run only by the tests that spawn them (e.g. a deliberately failing one).
    exclude: ['**/node_modules/**', '**/dist/**', '**/.tmp/**', ...(fixture ? [] : ['**/*.fixture.ts'])],
    // Runs once per run (not per project): one PostgreSQL for every test file.
    globalSetup: [join(testing, 'global-setup.ts')],
    setupFiles: [join(testing, 'setup.ts')],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
