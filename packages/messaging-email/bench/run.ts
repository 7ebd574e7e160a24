/** Runs this package's benchmarks (`tsx bench/run.ts [word…]`); see `@rapport/testing/bench`. */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBenchmarks } from '@rapport/testing/bench';

const code = await runBenchmarks({
  name: '@rapport/messaging-email',
  dir: dirname(fileURLToPath(import.meta.url)),
  words: process.argv.slice(2),
});
process.exit(code);
