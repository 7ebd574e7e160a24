import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@rapport/testing';
import { expect, it } from 'vitest';

const coreDir = fileURLToPath(new URL('..', import.meta.url));

// A process-level test (it spawns Node): run by the root config's `process` project.
// The deadlines are budgets for a loaded machine (tsx compiles core on start), not timings: a process
// kept alive by a connection, worker or timer never exits at all.
it('lets the process exit by itself after close(): no connection, worker or timer left', {
  timeout: 120_000,
}, async () => {
  const db = await createTestDatabase();
  // Inside the package, so the script resolves @rapport/core by self-reference.
  await mkdir(join(coreDir, '.tmp'), { recursive: true });
  const dir = await mkdtemp(join(coreDir, '.tmp', 'exit-'));
  const script = join(dir, 'exit.mts');
  await writeFile(
    script,
    `import { createCrm } from '@rapport/core';
       const crm = await createCrm({ database: { url: process.env.URL! } });
       await crm.migrate();
       await crm.services.tenants.create({ name: 'Exit' });
       await crm.close();
       console.log('closed');`,
  );
  try {
    const result = await new Promise<{ code: number | null; out: string; timedOut: boolean }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx/esm', '--conditions=@rapport/source', script], {
        cwd: coreDir,
        // The base tsconfig enables the legacy decorators the services use.
        env: {
          ...process.env,
          URL: db.url,
          TSX_TSCONFIG_PATH: join(coreDir, '../../tsconfig.base.json'),
        },
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve({ code: null, out, timedOut: true });
      }, 90_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, out, timedOut: false });
      });
    });
    expect(result.timedOut, result.out).toBe(false);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain('closed');
  } finally {
    await rm(dir, { recursive: true, force: true });
    await db.drop();
  }
});
