import { type BenchEnv, quantile, timeInterleaved } from '@rapport/testing/bench';
import pg from 'pg';
import { createCrm } from '../internals.js';
import { ENTRY_COLUMNS } from '../../src/journal/entry.js';
import { journalOrg, seedCustomers, seedJournal, vacuumJournal } from '../journal-seed.js';

const quiet = { debug() {}, info() {}, warn() {}, error: console.error };
export default async function bench(env: BenchEnv): Promise<void> {
  const db = await env.freshDatabase();
  const crm = await createCrm({ database: { url: db.url }, jobs: { workers: false }, logger: quiet });
  const client = new pg.Client({ connectionString: db.url });
  try {
    await crm.migrate();
    const org = await journalOrg(crm, 20);
    const customers = await seedCustomers(crm, org, 2000);
    await seedJournal(db.adminUrl!, org.tenantId, customers, 100, () => {});
    await vacuumJournal(db.adminUrl!);
    await client.connect();
    const agent = customers[0]!.ownerId;
    const ctx = org.as(agent);
    const mine = customers.filter((p) => p.ownerId === agent).map((p) => p.id);
    let i = 0;
    const pick = () => mine[(i++ * 7919) % mine.length]!;
    const hand = async (sql: string, values: unknown[]) => {
      await client.query('begin');
      await client.query(`select set_config('app.tenant_id', $1, true), set_config('app.actor', $2, true)`, [org.tenantId, JSON.stringify(ctx.actor)]);
      const { rows } = await client.query(sql, [org.tenantId, ...values]);
      await client.query('commit');
      return rows;
    };
    const page = (cols: string) => `select ${cols} from core_journal_party l
      join core_journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
      where l.tenant_id = $1 and l.party_id = $2 and e.superseded_by is null and e.correction is distinct from 'void'
      order by l.occurred_at desc, l.entry_id desc limit 51`;
    const runs = await timeInterleaved(1500, [
      () => crm.services.timeline.timeline(ctx, pick(), { limit: 50 }),
      () => hand(page('e.*'), [pick()]),
      () => hand(page(`${ENTRY_COLUMNS}, l.occurred_at as link_at`), [pick()]),
      () => crm.transaction(ctx, (tx) => tx.sql(page(`${ENTRY_COLUMNS}, l.occurred_at as link_at`), [org.tenantId, pick()])),
      () => crm.transaction(ctx, (tx) => tx.sql('select 1')),
      () => hand('select $1::uuid', []),
    ]);
    const names = ['service', 'hand e.*', 'hand ENTRY_COLUMNS', 'crm.transaction + page', 'crm.transaction select 1', 'hand select 1'];
    runs.forEach((s, k) => console.log(names[k]!.padEnd(28), 'p50', quantile(s, 0.5).toFixed(2), 'p90', quantile(s, 0.9).toFixed(2), 'p99', quantile(s, 0.99).toFixed(2)));
  } finally {
    await client.end().catch(() => undefined);
    await crm.close();
    await db.drop();
  }
}
