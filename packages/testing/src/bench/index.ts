/**
 * The benchmark harness every Rapport package uses (`@rapport/testing/bench`): the runner, the
 * contract of a benchmark file, and the measuring helpers (latency quantiles, memory peaks, tables).
 */
export { type BeginSeedOptions, beginSeed, type SeedQuery } from './begin-seed.js';
export { type CpuReading, cpuSpent, readCpu } from './cpu.js';
export type { Bench, BenchDatabase, BenchEnv } from './env.js';
export { type InterleaveOptions, timeInterleaved } from './interleave.js';
export { type MemoryPeak, MemorySampler } from './memory.js';
export {
  type BenchCrm,
  type InTenantOptions,
  type OpenBenchCrmOptions,
  openBenchCrm,
} from './open-bench-crm.js';
export { formatTable } from './report.js';
export { type RunBenchmarksOptions, runBenchmarks } from './run.js';
export { type SeedRecipientsOptions, seedRecipients } from './seed-recipients.js';
export { type SeedStaff, type SeedStaffOptions, seedStaff } from './seed-staff.js';
export { latencyRow, quantile, round } from './stats.js';
export { serviceVersusSql } from './versus-sql.js';
