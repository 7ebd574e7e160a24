import type { BenchEnv } from '@rapport/testing/bench';
import { latencyRow } from '@rapport/testing/bench';
import pg from 'pg';
import { createCrm } from './internals.js';
import { seedParties } from './seed-parties.js';

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? (process.env.BENCH_FULL ? 1_000_000 : 100_000));

/** What the report's same-city part replaces: a self-join on `%`, one trigram index probe per party. */
const SELF_JOIN = `select count(*) from core_party a join core_party b
  on b.tenant_id = a.tenant_id and b.display_name % a.display_name and b.id > a.id
  where a.tenant_id = $1 and b.kind = a.kind and b.city = a.city`;

/**
 * The duplicates report over 100k people (first page and the next, at two thresholds), and merges of
 * the pairs it finds. With `BENCH_FULL=1` also the `%` self-join it replaces (index usable, 10 min cap).
 */
export default async function duplicatesBench(env: BenchEnv): Promise<void> {
  const db = await env.freshDatabase();
  const crm = await createCrm({ database: { url: db.url }, jobs: { workers: false } });
  const client = new pg.Client({ connectionString: db.url });
  try {
    await crm.migrate();
    const tenant = await crm.services.tenants.create({ name: 'Bench' });
    const ctx = crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'bench' } });
    await seedParties(crm, ctx, { people: PEOPLE, organizations: 2000 });
    await client.connect();
    await client.query('vacuum analyze');
    const rows: Array<Record<string, string | number>> = [];
    for (const threshold of [0.55, 0.7]) {
      const first: number[] = [];
      const second: number[] = [];
      let found = 0;
      for (let run = 0; run < 3; run++) {
        let t0 = performance.now();
        const page = await crm.services.duplicates.findDuplicates(ctx, { threshold, limit: 50 });
        first.push(performance.now() - t0);
        found = page.pairs.length;
        t0 = performance.now();
        await crm.services.duplicates.findDuplicates(ctx, { after: page.next!, limit: 50 });
        second.push(performance.now() - t0);
      }
      rows.push(
        latencyRow(`findDuplicates threshold ${threshold}: first page of 50 (${found} pairs)`, first),
        latencyRow(`findDuplicates threshold ${threshold}: second page`, second),
      );
    }
    const all = await crm.services.duplicates.findDuplicates(ctx, { threshold: 0.55, limit: 1000 });
    const merged = new Set<string>();
    const merges: number[] = [];
    for (const pair of all.pairs.filter((p) => p.reasons.includes('same_city'))) {
      const [a, b] = pair.parties;
      if (merged.has(a.id) || merged.has(b.id) || merges.length >= 50) continue;
      merged.add(a.id).add(b.id);
      const t0 = performance.now();
      await crm.services.merges.merge(ctx, { survivorId: a.id, mergedId: b.id, reason: 'bench' });
      merges.push(performance.now() - t0);
    }
    rows.push(latencyRow('merges.merge of a same-city pair', merges));
    if (process.env.BENCH_FULL && db.adminUrl) {
      const admin = new pg.Client({ connectionString: db.adminUrl });
      await admin.connect();
      await admin.query('alter function similarity_op(text, text) leakproof');
      await admin.end();
      await client.query('begin');
      await client.query(
        `select set_config('app.tenant_id', $1, true), set_config('pg_trgm.similarity_threshold', '0.55', true),
           set_config('statement_timeout', '600s', true)`,
        [tenant.id],
      );
      const t0 = performance.now();
      const outcome = await client.query(SELF_JOIN, [tenant.id]).then(
        () => 'done',
        () => 'cancelled at 10 min',
      );
      await client.query('rollback');
      rows.push({
        run: `hand-written % self-join, same city (${outcome})`,
        n: 1,
        'median ms': performance.now() - t0,
      });
    }
    env.report(`Duplicates report and merges on ${PEOPLE.toLocaleString('en-US')} people`, rows);
  } finally {
    await client.end().catch(() => undefined);
    await crm.close();
    await db.drop();
  }
}
