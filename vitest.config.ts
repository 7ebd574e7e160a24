import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const root = fileURLToPath(new URL('.', import.meta.url));
const testing = join(root, 'packages/testing/src');

/**
 * Tests that spawn processes (Node, vitest, pnpm pack + npm install): slow, so they form a project
 * of their own (`vitest run --project process`, or `--project '!process'` for the quick loop) that
 * `pnpm test` still runs, and they start first so that they do not finish last.
 */
const PROCESS_TESTS = [
  'tests/harness-exit-code.test.ts',
  'tests/conformance-kit.test.ts',
  'tests/pack-*.test.ts',
  'packages/testing/test/stale-servers.test.ts',
  'packages/core/test/process-exit.test.ts',
];
const PROCESS_PROJECT = 'process';

/** One project per workspace package (under packages/ and examples/) that has a `test` folder. */
function packageProjects(folder: string): TestProjectInlineConfiguration[] {
  const base = join(root, folder);
  if (!existsSync(base)) return [];
  return readdirSync(base, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(base, entry.name, 'test')))
    .map((entry) => project(`${folder}/${entry.name}`, ['test/**/*.test.ts']));
}

function project(dir: string, patterns: string[]): TestProjectInlineConfiguration {
  const projectRoot = resolve(root, dir);
  const processTests = PROCESS_TESTS.map((file) => relative(projectRoot, join(root, file))).filter(
    (file) => !file.startsWith('..'),
  );
  return {
    extends: true,
    test: { name: dir, root: projectRoot, include: patterns, exclude: [...EXCLUDE, ...processTests] },
  };
}

/** Starts the process-level tests first; the rest in vitest's own order. */
class ProcessTestsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const first = (spec: TestSpecification) => (spec.project.name === PROCESS_PROJECT ? 0 : 1);
    return sorted.sort((a, b) => first(a) - first(b));
  }
}

/**
 * Set by tests that spawn vitest on one fixture (such as the deliberately failing one): then that
 * file is the only test, run with the same global setup as everything else.
 */
const fixture = process.env.RAPPORT_VITEST_FIXTURE;

// `*.fixture.ts` files are run only by the tests that spawn them (e.g. a deliberately failing one).
const EXCLUDE = ['**/node_modules/**', '**/dist/**', '**/.tmp/**', ...(fixture ? [] : ['**/*.fixture.ts'])];

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources: tests need no build.
  ssr: { resolve: { conditions: ['@rapport/source'] } },
  test: {
    projects: fixture
      ? [{ extends: true, test: { name: 'fixture', root, include: [resolve(root, fixture)] } }]
      : [
          ...packageProjects('packages'),
          ...packageProjects('examples'),
          project('tests', ['**/*.test.ts']),
          { extends: true, test: { name: PROCESS_PROJECT, root, include: PROCESS_TESTS } },
        ],
    exclude: EXCLUDE,
    sequence: { sequencer: ProcessTestsFirst },
    // A worker keeps the modules it loaded (core, MikroORM, pg-boss) from one test file to the next
    // instead of importing them again per file: measured 32 s → 19 s for the pipeline's tests. Safe
    // because no test mocks modules or stubs globals, and each CRM has its own container and hooks.
    isolate: false,
    // Vitest's default is one worker per CPU minus one: a single worker on a 2-core machine. Test
    // files mostly wait for PostgreSQL (another process), so one more worker than CPUs keeps the
    // CPUs busy (pipeline + email tests, loaded 2-core machine: 21 s with 1, 17.5 s with 3).
    maxWorkers: availableParallelism() + 1,
    // Runs once per run (not per project): one PostgreSQL for every test file.
    globalSetup: [join(testing, 'global-setup.ts')],
    setupFiles: [join(testing, 'setup.ts')],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
