import { join } from 'node:path';
import { expect, it } from 'vitest';
import { childEnv, repoRoot, run } from './support/run.js';

const FIXTURE = 'packages/testing/test/fixtures/careless-plugin.fixture.ts';

// The kit is only worth running if it fails a plugin that forgot a table: run it on one.
it('fails a plugin that left a table pointing at parties undeclared, naming the table', async () => {
  const vitest = join(repoRoot, 'node_modules/vitest/vitest.mjs');
  const result = await run(process.execPath, [vitest, 'run', '--reporter=default'], {
    env: childEnv({ RAPPORT_VITEST_FIXTURE: FIXTURE, NO_COLOR: '1', FORCE_COLOR: '0' }),
  });
  expect(result.output).toMatch(/×[^\n]*declares its participation on tenant-isolated tables/);
  expect(result.output).toContain('tables pointing at parties without declared participation');
  expect(result.output).toContain('careless_tag');
  // The merge check fails too: core refuses to leave the undeclared rows pointing at the merged party.
  expect(result.output).toMatch(/×[^\n]*moves its rows to the survivor of a merge/);
  // What the plugin did declare passes.
  expect(result.output).toMatch(/✓[^\n]*writes the declared values/);
  expect(result.code, result.output).not.toBe(0);
}, 180_000);
