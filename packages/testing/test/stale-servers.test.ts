import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { cleanStaleServers, createTestDatabase } from '../src/index.js';
import { isAlive } from '../src/process-utils.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const startPostgresModule = pathToFileURL(join(packageDir, 'src/start-postgres.ts')).href;
let scriptDir = '';
afterAll(async () => {
  if (scriptDir) await rm(scriptDir, { recursive: true, force: true });
});

/** Starts an embedded server in a child process, which prints the server's folder and then waits. */
async function startInChild(): Promise<{ child: ChildProcess; dir: string }> {
  scriptDir = await mkdtemp(join(tmpdir(), 'rapport-stale-test-'));
  const script = join(scriptDir, 'start.mts');
  await writeFile(
    script,
    `import { startPostgres } from ${JSON.stringify(startPostgresModule)};
     const server = await startPostgres();
     console.log(JSON.stringify({ adminUrl: server.adminUrl, pid: process.pid }));
     setInterval(() => {}, 1000);`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx/esm', script], { cwd: packageDir, stdio: 'pipe' });
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const line = output.split('\n').find((text) => text.startsWith('{'));
      if (!line) return;
      const { pid } = JSON.parse(line) as { pid: number };
      resolve({ child, dir: findServerDir(pid) });
    });
    child.once('exit', (code) => reject(new Error(`child exited with ${code} before starting:\n${output}`)));
  });
}

/** The folder whose owner marker names `ownerPid`. */
function findServerDir(ownerPid: number): string {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith('rapport-pg-')) continue;
    const dir = join(tmpdir(), name);
    const owner = readFileOrUndefined(join(dir, 'owner.json'));
    if (owner && (JSON.parse(owner) as { pid: number }).pid === ownerPid) return dir;
  }
  throw new Error(`no server folder owned by ${ownerPid}`);
}

function readFileOrUndefined(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

it('stops and removes the server a killed run left behind, and spares servers whose run is alive', async () => {
  const { child, dir } = await startInChild();
  const postmasterPid = Number.parseInt(readFileSync(join(dir, 'data/postmaster.pid'), 'utf8'), 10);
  // Signals are delivered asynchronously: wait until the run is really gone.
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
  expect(isAlive(postmasterPid)).toBe(true);

  await cleanStaleServers();

  // Not asserting on the returned list: another run starting now may have cleaned it first.
  expect(existsSync(dir)).toBe(false);
  expect(isAlive(postmasterPid)).toBe(false);
  // The server of this run (its owner is alive) still serves.
  const db = await createTestDatabase();
  await db.drop();
}, 60_000);
