/**
 * The contract between a package's benchmark runner and its benchmark files.
 *
 * A benchmark is a file `bench/<name>.bench.ts` whose default export is an async function taking a
 * {@link BenchEnv}. {@link runBenchmarks} starts one PostgreSQL (embedded, or the administrator URL
 * in `DATABASE_URL`), runs the matching files one after the other, prints what they report, drops
 * any database they forgot, and exits non-zero when one of them throws. Measure your capability
 * beside a hand-written baseline on the same server and report both, with the ratio.
 *
 * @example
 * // bench/example.bench.ts
 * import type { BenchEnv } from '@rapport/testing/bench';
 * export default async function bench(env: BenchEnv): Promise<void> {
 *   const db = await env.freshDatabase();
 *   try {
 *     // ... createCrm({ database: { url: db.url } }), time the work, time the baseline
 *     env.report('example', [{ run: 'framework', 'rows/s': 1234 }, { run: 'pg baseline', 'rows/s': 2345 }]);
 *   } finally {
 *     await db.drop();
 *   }
 * }
 */
export interface BenchEnv {
  /** A new empty database owned by the ordinary app role (`url`); `adminUrl` connects as superuser. */
  freshDatabase(): Promise<BenchDatabase>;
  /** Prints a table under a title: one object per line, its keys the columns. */
  report(title: string, rows: Array<Record<string, string | number>>): void;
}

/** A database of one's own for a benchmark. */
export interface BenchDatabase {
  /** Connects as the ordinary app role (row-level security applies): give it to `createCrm`. */
  url: string;
  /** Connects to the same database as administrator. */
  adminUrl?: string;
  /** Drops the database, closing its connections. */
  drop(): Promise<void>;
}

/** The signature of a benchmark file's default export. */
export type Bench = (env: BenchEnv) => Promise<void>;
