import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startPostgres } from '../start-postgres.js';
import type { Bench, BenchEnv } from './env.js';
import { formatTable } from './report.js';

/**
 * Runs a package's benchmarks: every `<dir>/*.bench.ts` (or those whose file name contains one of
 * `words`) one after the other on one PostgreSQL, started embedded unless `DATABASE_URL` gives an
 * administrator URL. Resolves to the exit code (1 when a benchmark threw).
 *
 * @example
 * // bench/run.ts, run with `tsx bench/run.ts [word…]`
 * process.exit(await runBenchmarks({ name: '@rapport/my-plugin', dir: import.meta.dirname, words: process.argv.slice(2) }));
 */
export async function runBenchmarks(options: {
  name: string;
  dir: string;
  words: readonly string[];
}): Promise<number> {
  const words = options.words.filter((arg) => arg !== '--' && !arg.startsWith('-'));
  const files = (await readdir(options.dir))
    .filter((file) => file.endsWith('.bench.ts'))
    .filter((file) => words.length === 0 || words.some((word) => file.includes(word)))
    .sort();
  if (files.length === 0) {
    console.log(`${options.name}: no benchmark matches ${words.join(' ')}`);
    return 0;
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
      console.log(`\n▶ ${file}`);
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
  return failed > 0 ? 1 : 0;
}
