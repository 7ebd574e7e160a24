import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of `/proc/<pid>/stat` times (`USER_HZ`, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * Measures the CPU time the PostgreSQL server spends for a benchmark database: every process of the
 * server whose backends serve it (its backends and the server's own writers and checkpointer), read
 * from `/proc`. On a small machine the database shares the cores with the process being measured,
 * so its CPU time explains a wall-time ratio the process's own CPU time does not. `null` where
 * `/proc` cannot be read (not Linux) or no backend of the database is connected.
 *
 * @example
 * const cpu = DatabaseCpu.start(db.url); ...; const ms = cpu.stopMs();
 */
export class DatabaseCpu {
  private constructor(
    private readonly postmaster: number | null,
    private readonly before: Map<number, number>,
  ) {}

  /** Starts measuring for the database `url` names. */
  static start(url: string): DatabaseCpu {
    const postmaster = postmasterOf(new URL(url).pathname.slice(1));
    return new DatabaseCpu(postmaster, postmaster === null ? new Map() : serverTicks(postmaster));
  }

  /** The server's CPU time since {@link DatabaseCpu.start}, in milliseconds. */
  stopMs(): number | null {
    if (this.postmaster === null) return null;
    let ticks = 0;
    for (const [pid, now] of serverTicks(this.postmaster)) ticks += now - (this.before.get(pid) ?? 0);
    return (ticks / TICKS_PER_SECOND) * 1000;
  }
}

interface ProcStat {
  ppid: number;
  ticks: number;
}

function statOf(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: the fields after it are counted from its ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

function pids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
}

/** The server process whose backend serves `database` (found by the backend's process title). */
function postmasterOf(database: string): number | null {
  for (const pid of pids()) {
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (title.startsWith('postgres: ') && title.split(' ').includes(database))
        return statOf(pid)?.ppid ?? null;
    } catch {}
  }
  return null;
}

/** CPU ticks of the server and each of its processes, by pid. */
function serverTicks(postmaster: number): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const pid of pids()) {
    const stat = statOf(pid);
    if (stat && (pid === postmaster || stat.ppid === postmaster)) ticks.set(pid, stat.ticks);
  }
  return ticks;
}
