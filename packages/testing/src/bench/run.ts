import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startPostgres } from '../start-postgres.js';
import type { Bench, BenchEnv } from './env.js';
import { formatTable } from './report.js';

/** Where a package's benchmarks are and how to pick them. */
export interface RunBenchmarksOptions {
  /** The package's name, for the messages. */
  packageName: string;
  /** The folder holding the `*.bench.ts` files. */
  dir: string;
  /** Only the files whose names contain one of these words (all when empty). */
  words?: readonly string[];
}

/**
 * Runs a package's benchmarks: every `<dir>/*.bench.ts` (or those whose file name contains one of
 * the words) one after the other on one PostgreSQL, started embedded unless `DATABASE_URL` gives an
 * administrator URL. Prints what they report, drops any database they forgot, and exits the process
 * (non-zero when one of them threw). See `env.ts` for the contract of a benchmark file.
 *
 * @example
 * // bench/run.ts, started with `tsx bench/run.ts [word…]`
 * import 'reflect-metadata';
 * import { runBenchmarks } from '@rapport/testing/bench';
 * await runBenchmarks({ packageName: '@rapport/pipeline', dir: import.meta.dirname, words: process.argv.slice(2) });
 */
export async function runBenchmarks(options: RunBenchmarksOptions): Promise<never> {
  const words = (options.words ?? []).filter((arg) => arg !== '--' && !arg.startsWith('-'));
  const files = (await readdir(options.dir))
    .filter((file) => file.endsWith('.bench.ts'))
    .filter((file) => words.length === 0 || words.some((word) => file.includes(word)))
    .sort();
  if (files.length === 0) {
    console.log(`${options.packageName}: no benchmark matches ${words.join(' ')}`);
    process.exit(0);
  }

  const server = await startPostgres({ url: process.env.DATABASE_URL || undefined });
  const open = new Set<string>();
  const env: BenchEnv = {
    async freshDatabase() {
      const name = `bench_${process.pid}_${randomBytes(4).toString('hex')}`;
      const url = await server.createDatabase(name);
      open.add(name);
      const adminUrl = new URL(server.adminUrl);
      adminUrl.pathname = `/${name}`;
      return {
        url,
        adminUrl: adminUrl.toString(),
        async drop() {
          open.delete(name);
          await server.dropDatabase(name);
        },
      };
    },
    report: (title, rows) => console.log(formatTable(title, rows)),
  };

  let failed = 0;
  try {
    for (const file of files) {
      console.log(`\n▶ ${options.packageName} ${file}`);
      const started = performance.now();
      try {
        const module = (await import(pathToFileURL(join(options.dir, file)).href)) as { default?: Bench };
        if (typeof module.default !== 'function') throw new Error(`${file} has no default export function`);
        await module.default(env);
        console.log(`\n✓ ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      } catch (error) {
        failed += 1;
        console.error(`\n✗ ${file} failed:`, error);
      }
    }
  } finally {
    for (const name of open) await server.dropDatabase(name).catch((error) => console.error(error));
    await server.stop();
  }
  // Exit even if a benchmark left a pool or timer open: the run is over either way.
  process.exit(failed > 0 ? 1 : 0);
}
