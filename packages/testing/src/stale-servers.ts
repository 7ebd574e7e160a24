import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandLine, isAlive, terminate } from './process-utils.js';

/** Prefix of the temporary folder of every embedded server this package starts. */
export const SERVER_DIR_PREFIX = 'rapport-pg-';
/** File in a server folder naming the process that started the server. */
export const OWNER_FILE = 'owner.json';
/** A folder without an owner file younger than this may still be starting up. */
const UNOWNED_GRACE_MS = 60_000;

/** What {@link OWNER_FILE} holds. */
export interface OwnerMarker {
  pid: number;
  startedAt: string;
}

/**
 * Removes the servers of runs that died without stopping them (a killed test run): kills the
 * postgres that still runs from such a folder, then deletes the folder. Servers whose owner is
 * alive, such as a parallel or parent test run, are left alone.
 */
export async function cleanStaleServers(baseDir = tmpdir()): Promise<string[]> {
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const removed: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !entry.name.startsWith(SERVER_DIR_PREFIX)) continue;
    const dir = join(baseDir, entry.name);
    if (!(await isStale(dir))) continue;
    await stopLeftoverPostgres(join(dir, 'data'));
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

async function isStale(dir: string): Promise<boolean> {
  const owner = await readFile(join(dir, OWNER_FILE), 'utf8')
    .then((text) => JSON.parse(text) as OwnerMarker)
    .catch(() => undefined);
  if (owner) return !isAlive(owner.pid);
  const info = await stat(dir).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > UNOWNED_GRACE_MS;
}

async function stopLeftoverPostgres(dataDir: string): Promise<void> {
  const pidFile = await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  const pid = Number.parseInt(pidFile?.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  // The pid may have been reused by an unrelated process: only kill a postgres serving this folder.
  if (!commandLine(pid)?.includes(dataDir)) return;
  // SIGQUIT is PostgreSQL's immediate shutdown: the data is thrown away anyway.
  await terminate(pid, 'SIGQUIT');
}
