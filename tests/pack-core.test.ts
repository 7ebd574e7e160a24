import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { childEnv, pnpmCommand, repoRoot, run } from './support/run.js';

const coreDir = join(repoRoot, 'packages/core');
let workDir = '';

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'rapport-pack-'));
});
afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** Whether dist/ is missing or older than some source file. */
async function distIsStale(): Promise<boolean> {
  const built = join(coreDir, 'dist/index.js');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const sources = await readdir(join(coreDir, 'src'), { recursive: true });
  return sources.some((file) => statSync(join(coreDir, 'src', file)).mtimeMs > builtAt);
}

async function step(command: string, args: readonly string[], cwd: string): Promise<string> {
  const result = await run(command, args, { cwd, env: childEnv({ NO_COLOR: '1' }) });
  expect(result.code, `${command} ${args.join(' ')} failed:\n${result.output}`).toBe(0);
  return result.stdout;
}

// Proves the exports map, `files` and dependencies work outside the workspace, on plain Node.
it('installs the packed @rapport/core into a fresh project and imports it with plain Node', async () => {
  const [pnpm, ...pnpmArgs] = pnpmCommand();
  if (await distIsStale())
    await step(pnpm, [...pnpmArgs, '--filter', '@rapport/core', 'run', 'build'], repoRoot);
  const packDir = join(workDir, 'pack');
  await step(pnpm, [...pnpmArgs, 'pack', '--pack-destination', packDir], coreDir);
  const [tarball] = (await readdir(packDir)).filter((file) => file.endsWith('.tgz'));
  expect(tarball).toBeDefined();

  const app = join(workDir, 'app');
  await mkdir(app);
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  await step('npm', ['install', join(packDir, tarball!), '--no-audit', '--no-fund', '--loglevel=error'], app);
  await writeFile(
    join(app, 'check.js'),
    `import { createCrm, definePlugin, RapportError } from '@rapport/core';
     console.log(JSON.stringify([typeof createCrm, typeof definePlugin, typeof RapportError]));`,
  );
  const output = await step(process.execPath, ['check.js'], app);
  expect(JSON.parse(output)).toEqual(['function', 'function', 'function']);
}, 300_000);
