// Benchmark helpers, a subpath of their own: the memory sampler turns on `--expose-gc` when loaded.
export type { Bench, BenchDatabase, BenchEnv } from './env.js';
export { type MemoryPeak, MemorySampler } from './memory.js';
export { formatTable } from './report.js';
export { runBenchmarks } from './run.js';
