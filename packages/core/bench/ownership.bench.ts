import type { BenchEnv } from '@rapport/testing/bench';
import pg from 'pg';
import { type Crm, createCrm, definePlugin, tenantIsolationSql } from './internals.js';
import { type JournalOrg, journalOrg } from './journal-seed.js';

// Open items that move with their parties: one open task per party, moved by the core hook.
const tasks = definePlugin({
  name: 'bench-tasks',
  version: '1.0.0',
  migrations: [
    {
      name: '0001_tasks',
      up: `create table bench_tasks_task (tenant_id uuid not null, id uuid not null, party_id uuid not null,
             assignee_id uuid not null, open boolean not null, primary key (tenant_id, id),
             foreign key (tenant_id, party_id) references core_party(tenant_id, id));
           create index on bench_tasks_task (tenant_id, party_id);
           ${tenantIsolationSql('bench_tasks_task')}`,
    },
  ],
  setup(api) {
    api.tap('ownershipTransferring', async (moved, event, tx) => {
      const rows = await tx.sql(
        `update bench_tasks_task t set assignee_id = $3 from core_reassignment_item i
         where i.tenant_id = $1 and i.reassignment_id = $2 and t.tenant_id = i.tenant_id and t.party_id = i.party_id
           and t.open and t.assignee_id = $4 returning t.id`,
        [tx.tenantId, event.reassignmentId, event.toEmployeeId, event.fromEmployeeId],
      );
      return { ...moved, tasks: rows.length };
    });
  },
});

/** Parties spread round-robin over `owners`, written set-based (the seeding is not what is measured). */
async function seed(
  crm: Crm,
  org: JournalOrg,
  owners: string[],
  count: number,
  withTasks: boolean,
): Promise<void> {
  for (let start = 0; start < count; start += 100_000) {
    const n = Math.min(100_000, count - start);
    await crm.transaction(org.system, async (tx) => {
      await tx.sql(
        `insert into core_party (tenant_id, id, kind, display_name, lifecycle, owner_id)
         select $1, core_uuidv7(), 'person', 'Customer ' || (g + $4), 'customer', ($2::uuid[])[1 + (g % array_length($2::uuid[], 1))]
         from generate_series(1, $3) g`,
        [tx.tenantId, owners, n, start],
      );
    });
  }
  if (withTasks) {
    await crm.transaction(org.system, (tx) =>
      tx.sql(
        `insert into bench_tasks_task select tenant_id, core_uuidv7(), id, owner_id, true from core_party
         where tenant_id = $1 and owner_id = any($2::uuid[])`,
        [tx.tenantId, owners],
      ),
    );
  }
  await crm.transaction(org.system, (tx) => tx.sql('analyze'));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const ms = (x: number) => Number(x.toFixed(2));

async function reassignBench(env: BenchEnv): Promise<void> {
  const db = await env.freshDatabase();
  const crm = await createCrm({
    database: { url: db.url },
    plugins: [tasks],
    jobs: { workers: false },
    logger: quiet,
  });
  const client = new pg.Client({ connectionString: db.url });
  try {
    await crm.migrate();
    const org = await journalOrg(crm, 4);
    const [a, b, c, d] = org.agents as [string, string, string, string];
    await seed(crm, org, [a], 10_000, true);
    await seed(crm, org, [c], 10_000, true);
    await client.connect();
    const framework: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < 6; i++) {
      const [from, to] = i % 2 === 0 ? [a, b] : [b, a];
      let t = performance.now();
      const result = await crm.services.ownership.reassign(org.system, {
        fromEmployeeId: from,
        toEmployeeId: to,
        reason: 'bench',
      });
      framework.push(performance.now() - t);
      if (result.moved.parties !== 10_000 || result.moved.tasks !== 10_000)
        throw new Error(`moved ${JSON.stringify(result.moved)}`);
      const [bf, bt] = i % 2 === 0 ? [c, d] : [d, c];
      t = performance.now();
      await client.query('begin');
      await client.query(`select set_config('app.tenant_id', $1, true)`, [org.system.tenantId]);
      await client.query(
        `with moved as (update core_party set owner_id = $2 where tenant_id = $1 and owner_id = $3 returning id)
         update bench_tasks_task t set assignee_id = $2 from moved where t.tenant_id = $1 and t.party_id = moved.id and t.open`,
        [org.system.tenantId, bt, bf],
      );
      await client.query('commit');
      baseline.push(performance.now() - t);
    }
    env.report('Reassign 10k customers with 10k open tasks (median of 6)', [
      { run: 'ownership.reassign (audit items + history + hook)', ms: ms(median(framework)) },
      { run: 'hand-written set-based UPDATE (parties + tasks)', ms: ms(median(baseline)) },
      { run: 'ratio', ms: ms(median(framework) / median(baseline)) },
    ]);
  } finally {
    await client.end().catch(() => undefined);
    await crm.close();
    await db.drop();
  }
}

async function myCustomersBench(env: BenchEnv, parties: number): Promise<void> {
  const db = await env.freshDatabase();
  const crm = await createCrm({ database: { url: db.url }, jobs: { workers: false }, logger: quiet });
  const client = new pg.Client({ connectionString: db.url });
  try {
    await crm.migrate();
    const org = await journalOrg(crm, 200);
    await seed(crm, org, org.agents, parties, false);
    await client.connect();
    const agent = org.agents[17]!;
    const ctx = org.as(agent);
    const filter = { field: 'ownerId', op: 'eq', value: agent } as const;
    const framework: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < 520; i++) {
      let t = performance.now();
      const page = await crm.services.segments.query(ctx, filter, { limit: 50 });
      if (i >= 20) framework.push(performance.now() - t);
      if (page.items.length !== 50) throw new Error(`page of ${page.items.length}`);
      t = performance.now();
      await client.query('begin');
      await client.query(`select set_config('app.tenant_id', $1, true)`, [ctx.tenantId]);
      await client.query(
        'select * from core_party where tenant_id = $1 and owner_id = $2 order by id limit 50',
        [ctx.tenantId, agent],
      );
      await client.query('commit');
      if (i >= 20) baseline.push(performance.now() - t);
    }
    env.report(
      `"My customers", first page of 50, ${parties.toLocaleString('en')} parties, 200 agents (500 runs)`,
      [
        {
          run: 'segments.query as the agent (visibility + full party view)',
          'median ms': ms(median(framework)),
          'p99 ms': ms(pct(framework, 0.99)),
        },
        {
          run: 'hand-written SELECT (party rows only)',
          'median ms': ms(median(baseline)),
          'p99 ms': ms(pct(baseline, 0.99)),
        },
      ],
    );
  } finally {
    await client.end().catch(() => undefined);
    await crm.close();
    await db.drop();
  }
}

const quiet = { debug() {}, info() {}, warn() {}, error: console.error };

/** Ownership and access: bulk reassignment, and an agent's first page of customers. */
export default async function bench(env: BenchEnv): Promise<void> {
  await reassignBench(env);
  await myCustomersBench(env, process.env.BENCH_FULL ? 1_000_000 : 200_000);
}
