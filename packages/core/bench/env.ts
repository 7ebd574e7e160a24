/**
 * The contract between `bench/run.ts` and the benchmark files, shared by every package through
 * `@rapport/testing/bench` (see `BenchEnv` there). `pnpm bench` runs them all; `pnpm bench -- import
 * segments` only the files whose names contain one of the words. Set `BENCH_FULL=1` for the long runs.
 */
export type { Bench, BenchDatabase, BenchEnv } from '@rapport/testing/bench';
