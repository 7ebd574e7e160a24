/**
 * Runs this package's benchmarks: `tsx bench/run.ts [word…]` runs every `bench/*.bench.ts` (or
 * those whose file name contains one of the words) on one PostgreSQL. See `@rapport/testing/bench`.
 */
import 'reflect-metadata';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBenchmarks } from '@rapport/testing/bench';

const code = await runBenchmarks({
  name: '@rapport/core',
  dir: dirname(fileURLToPath(import.meta.url)),
  words: process.argv.slice(2),
});
// Exit even if a benchmark left a pool or timer open: the run is over either way.
process.exit(code);
