import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CallContext, type Crm, createCrm, type ImportResult } from '@rapport/core';
import type { BenchEnv } from '@rapport/testing/bench';
import { cpuSpent, type MemoryPeak, MemorySampler, readCpu } from '@rapport/testing/bench';
import { baselineInsert, benchMapping, benchRows, writeCsv } from './import-data.js';

/** One timed run on a fresh database. */
interface Run extends MemoryPeak {
  seconds: number;
  rowsPerSecond: number;
  /** CPU seconds of this process and of PostgreSQL (undefined when the server is not local). */
  cpuNode: number;
  cpuPostgres: number | undefined;
}

type Importer = (crm: Crm, ctx: CallContext, sample: () => void) => Promise<ImportResult>;

/**
 * Imports N generated people with an email and a phone each (100k; also 1M with `BENCH_FULL=1`):
 * from a generator through `importRows`, from a CSV file through `importCsv` (then once more, which
 * must change nothing), and with the hand-written `pg` baseline. Reports rows/s, the ratio to the
 * baseline and the peak memory of each run. `BENCH_IMPORT_ROWS=20000,50000` picks other sizes.
 */
export default async function importBench(env: BenchEnv): Promise<void> {
  const sizes = process.env.BENCH_IMPORT_ROWS
    ? process.env.BENCH_IMPORT_ROWS.split(',').map(Number)
    : process.env.BENCH_FULL === '1'
      ? [100_000, 1_000_000]
      : [100_000];
  const dir = await mkdtemp(join(tmpdir(), 'rapport-bench-import-'));
  const memory: Array<Record<string, string | number>> = [];
  try {
    // Warm up V8 (zod, libphonenumber, pg) so that the first measured run is not charged for it.
    await timed(env, 3000, (crm, ctx) =>
      crm.services.imports.importRows(ctx, benchRows(3000), { source: 'bench', mapping: benchMapping }),
    );
    await timedBaseline(env, 3000);
    for (const size of sizes) {
      const csv = join(dir, `parties-${size}.csv`);
      await writeCsv(csv, size);
      const options = { source: 'bench', mapping: benchMapping } as const;
      const rows = await timed(env, size, (crm, ctx, sample) =>
        crm.services.imports.importRows(ctx, benchRows(size), { ...options, onProgress: sample }),
      );
      let rerun: Run | undefined;
      const file = await timed(
        env,
        size,
        (crm, ctx, sample) => crm.services.imports.importCsv(ctx, csv, { ...options, onProgress: sample }),
        (r) => {
          rerun = r;
        },
      );
      const baseline = await timedBaseline(env, size);
      const cpu = (r: Run) => r.cpuNode + (r.cpuPostgres ?? Number.NaN);
      const line = (run: string, r: Run, ratio = true) => ({
        run,
        seconds: round(r.seconds),
        'rows/s': Math.round(r.rowsPerSecond),
        'speed vs baseline': ratio ? round(r.rowsPerSecond / baseline.rowsPerSecond) : '',
        'CPU s node': round(r.cpuNode),
        'CPU s postgres': r.cpuPostgres === undefined ? 'n/a' : round(r.cpuPostgres),
        'CPU vs baseline': ratio && r.cpuPostgres !== undefined ? round(cpu(baseline) / cpu(r)) : '',
        'peak RSS MB': r.peakRssMb,
        'peak heap MB': r.peakHeapMb,
      });
      const mem = (run: string, r: Run) => ({
        rows: size,
        run,
        'RSS at start MB': r.rssStartMb,
        'peak RSS MB': r.peakRssMb,
        'peak heap MB': r.peakHeapMb,
        'live heap after GC MB': r.peakLiveHeapMb,
      });
      env.report(`import of ${size.toLocaleString('en-US')} parties, 2 contact points each, dedup on`, [
        line('importRows (generator)', rows),
        line(`importCsv (${Math.round((await stat(csv)).size / 1e6)} MB file)`, file),
        line('importCsv again (all unchanged)', rerun!, false),
        line('baseline: pg batched INSERT', baseline, false),
      ]);
      memory.push(mem('importRows', rows), mem('importCsv', file));
      await rm(csv, { force: true });
    }
    env.report('import memory as the input grows', memory);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs `importer` on a fresh migrated database and checks it imported every row; `again` re-runs it. */
async function timed(
  env: BenchEnv,
  size: number,
  importer: Importer,
  again?: (run: Run) => void,
): Promise<Run> {
  const db = await env.freshDatabase();
  const crm = await createCrm({
    database: { url: db.url },
    parties: { defaultRegion: 'DE' },
    jobs: { workers: false },
  });
  try {
    await crm.migrate();
    const tenant = await crm.services.tenants.create({ name: 'Bench' });
    const ctx = crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'bench' } });
    const run = await measure(
      db.url,
      size,
      (sample) => importer(crm, ctx, sample),
      (r) => r.counts.created === size,
    );
    if (again)
      again(
        await measure(
          db.url,
          size,
          (sample) => importer(crm, ctx, sample),
          (r) => r.counts.unchanged === size,
        ),
      );
    const [counts] = await crm.transaction(ctx, (tx) =>
      tx.sql<{ parties: number; points: number }>(
        'select (select count(*)::int from core_party) as parties, (select count(*)::int from core_contact_point) as points',
      ),
    );
    if (counts?.parties !== size || counts.points !== 2 * size)
      throw new Error(
        `expected ${size} parties and ${2 * size} contact points, found ${JSON.stringify(counts)}`,
      );
    return run;
  } finally {
    await crm.close();
    await db.drop();
  }
}

async function measure<T>(
  url: string,
  size: number,
  work: (sample: () => void) => Promise<T>,
  check: (result: T) => boolean,
): Promise<Run> {
  const cpuBefore = await readCpu(url);
  const sampler = new MemorySampler();
  const started = performance.now();
  const result = await work(() => sampler.sampleLive());
  const seconds = (performance.now() - started) / 1000;
  const peak = sampler.stop();
  const cpu = cpuSpent(cpuBefore, await readCpu(url));
  if (!check(result)) throw new Error(`unexpected result: ${JSON.stringify(result)}`);
  return { seconds, rowsPerSecond: size / seconds, ...peak, cpuNode: cpu.node, cpuPostgres: cpu.postgres };
}

async function timedBaseline(env: BenchEnv, size: number): Promise<Run> {
  const db = await env.freshDatabase();
  const crm = await createCrm({ database: { url: db.url }, jobs: { workers: false } });
  try {
    await crm.migrate();
    const tenant = await crm.services.tenants.create({ name: 'Baseline' });
    await crm.close();
    return await measure(
      db.url,
      size,
      () => baselineInsert(db.url, tenant.id, size),
      () => true,
    );
  } finally {
    await crm.close();
    await db.drop();
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
