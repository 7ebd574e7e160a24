import { readdir, readFile } from 'node:fs/promises';
import pg from 'pg';

/** Clock ticks per second of /proc times (Linux's USER_HZ is 100 on every common platform). */
const TICKS = 100;

/** CPU seconds used so far by this process and by the PostgreSQL server (undefined when not local). */
export interface CpuReading {
  node: number;
  postgres: number | undefined;
}

/**
 * Reads the CPU time of this process and of the local PostgreSQL server behind `url`: the
 * postmaster's own and reaped children's time plus its live backends'. CPU time does not depend on
 * what else the machine is running, unlike wall-clock rates, so it compares runs fairly.
 */
export async function readCpu(url: string): Promise<CpuReading> {
  const usage = process.cpuUsage();
  return { node: (usage.user + usage.system) / 1e6, postgres: await postgresCpu(url) };
}

async function postgresCpu(url: string): Promise<number | undefined> {
  const host = new URL(url).hostname;
  if (process.platform !== 'linux' || !['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host))
    return undefined;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    const postmaster = (await stat(rows[0]!.pid))?.ppid;
    if (postmaster === undefined) return undefined;
    const main = await stat(postmaster);
    if (!main) return undefined;
    let ticks = main.self + main.children;
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const child = await stat(Number(entry));
      if (child?.ppid === postmaster) ticks += child.self;
    }
    return ticks / TICKS;
  } catch {
    // /proc unreadable (another user's server, a container boundary): CPU is then not reported.
    return undefined;
  } finally {
    await client.end();
  }
}

async function stat(pid: number): Promise<{ ppid: number; self: number; children: number } | undefined> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const n = (i: number) => Number(fields[i - 3]);
    return { ppid: n(4), self: n(14) + n(15), children: n(16) + n(17) };
  } catch {
    return undefined;
  }
}

/** CPU seconds between two readings. */
export function cpuSpent(from: CpuReading, to: CpuReading): CpuReading {
  return {
    node: to.node - from.node,
    postgres:
      from.postgres === undefined || to.postgres === undefined ? undefined : to.postgres - from.postgres,
  };
}
