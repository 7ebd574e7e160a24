/** `tsx bench/run.ts [word…]`: runs this package's benchmarks (see `@rapport/testing/bench`). */
import 'reflect-metadata';
import { runBenchmarks } from '@rapport/testing/bench';

await runBenchmarks({
  packageName: '@rapport/messaging',
  dir: import.meta.dirname,
  words: process.argv.slice(2),
});
