import 'reflect-metadata';
import { addDays } from '@rapport/core';
import { documentsPlugin } from '@rapport/documents';
import {
  type BenchEnv,
  latencyRow,
  openBenchCrm,
  quantile,
  round,
  timeInterleaved,
} from '@rapport/testing/bench';
import { contractsPlugin } from '../src/index.js';
import { seedContractsWorld } from './contracts-seed.js';
import { HAND_ACTIVATIONS_SQL, HAND_ENDINGS_SQL, HAND_REMINDERS_SQL } from './daily-sql.js';

const FULL = process.env.BENCH_FULL === '1';
const SIZE = FULL
  ? { contracts: 100_000, owners: 200, customers: 30_000 }
  : { contracts: 10_000, owners: 50, customers: 3_000 };
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 100);
const TODAY = '2027-01-04';
const DAYS = [30, 7];

/**
 * The "expiring within 30 days" list page and the daily run over 100k contracts (`BENCH_FULL=1`;
 * 10k by default), each beside hand-written SQL on the same server. Aims: page < 50 ms, daily run < 5 s.
 * The daily run's baseline runs in a transaction rolled back just before the framework's run of the
 * same day, so both see the same state.
 */
export default async function contractsBench(env: BenchEnv): Promise<void> {
  const bench = await openBenchCrm(env, { plugins: [documentsPlugin, contractsPlugin] });
  const { crm, tenant, system, client } = bench;
  try {
    const t0 = performance.now();
    const world = await seedContractsWorld(client, tenant.id, TODAY, SIZE);
    const seedSeconds = (performance.now() - t0) / 1000;
    await client.query('vacuum analyze');
    const admin = await crm.services.employees.create(system, {
      name: 'Bench admin',
      departmentId: world.departmentId,
      role: 'admin',
    });
    const adminCtx = crm.context({ tenantId: tenant.id, actor: { kind: 'employee', id: admin.id } });
    const agentCtx = crm.context({
      tenantId: tenant.id,
      actor: { kind: 'employee', id: world.ownerIds[0]! },
    });
    const inTenant = <T>(work: () => Promise<T>, commit = true): Promise<T> =>
      bench.inTenant(work, { actor: system.actor, commit });
    const handPage = () =>
      inTenant(() =>
        client.query(
          `select c.*, (select n.id from contracts_contract n where n.tenant_id = c.tenant_id and n.renewed_from_id = c.id) as renewed_to_id
           from contracts_contract c
           where c.tenant_id = $1 and c.status in ('signed', 'active', 'suspended') and c.end_on between $2::date and $3::date
           order by c.end_on, c.id limit 51`,
          [tenant.id, TODAY, addDays(TODAY, 30)],
        ),
      );
    // The agent's page by hand, for this world (contracts of the agent or of the agent's customers;
    // the seeded world has no shares, teams, lead pool or reports).
    const handAgentPage = () =>
      inTenant(() =>
        client.query(
          `select c.*, (select n.id from contracts_contract n where n.tenant_id = c.tenant_id and n.renewed_from_id = c.id) as renewed_to_id
           from contracts_contract c where c.tenant_id = $1 and c.id in (select v.id from (
             (select c.id, c.end_on from contracts_contract c where c.tenant_id = $1 and c.status in ('signed', 'active', 'suspended')
                and c.end_on between $2::date and $3::date and c.owner_id = $4 order by c.end_on, c.id limit 51)
             union
             (select c.id, c.end_on from contracts_contract c join core_party p on p.tenant_id = c.tenant_id and p.id = c.party_id
              where c.tenant_id = $1 and c.status in ('signed', 'active', 'suspended') and c.end_on between $2::date and $3::date
                and p.owner_id = $4 order by c.end_on, c.id limit 51)) v order by v.end_on, v.id limit 51)
           order by c.end_on, c.id`,
          [tenant.id, TODAY, addDays(TODAY, 30), world.ownerIds[0]],
        ),
      );
    const page = (ctx: typeof adminCtx) => () =>
      crm.services.contractQueries.expiring(ctx, { on: TODAY, withinDays: 30, limit: 50 });
    const [framework, hand, agent, handAgent] = await timeInterleaved(
      ITERATIONS,
      [page(adminCtx), handPage, page(agentCtx), handAgentPage],
      { warmup: 20 },
    );
    const rows: Array<Record<string, string | number>> = [
      latencyRow('expiring ≤ 30 days, page of 50: service (admin)', framework),
      latencyRow('expiring ≤ 30 days, page of 50: hand-written SQL', hand, {
        ratio: round(quantile(framework, 0.5) / quantile(hand, 0.5)),
      }),
      latencyRow('expiring ≤ 30 days, page of 50: service (agent, visibility)', agent),
      latencyRow('expiring ≤ 30 days, page of 50: hand-written SQL (agent)', handAgent, {
        ratio: round(quantile(agent, 0.5) / quantile(handAgent, 0.5)),
        work: `${(await page(agentCtx)()).items.length} rows`,
      }),
    ];

    for (let i = 0; i < 4; i++) {
      const day = addDays(TODAY, i);
      const h0 = performance.now();
      const handCounts = await inTenant(async () => {
        const [r] = (await client.query(HAND_REMINDERS_SQL, [tenant.id, day, DAYS, Math.max(...DAYS)])).rows;
        const [a] = (await client.query(HAND_ACTIVATIONS_SQL, [tenant.id, day])).rows;
        const [e] = (await client.query(HAND_ENDINGS_SQL, [tenant.id, day])).rows;
        return { tasks: r.tasks as number, moved: e.moved as number, activated: a.activated as number };
      }, false);
      const handMs = performance.now() - h0;
      const f0 = performance.now();
      const run = await crm.services.contracts.runDaily(system, { on: day });
      const frameworkMs = performance.now() - f0;
      const what = `${run.reminders.length} tasks, ${run.activated.length} activated, ${run.renewed.length} renewed, ${run.expired.length} expired`;
      rows.push({
        run: `daily run ${day}${i === 0 ? ' (catch-up)' : ''}: service`,
        'median ms': round(frameworkMs),
        work: what,
      });
      rows.push({
        run: `daily run ${day}: hand-written SQL`,
        'median ms': round(handMs),
        work: `${handCounts.tasks} tasks, ${handCounts.activated} activated, ${handCounts.moved} moved`,
        ratio: round(frameworkMs / handMs),
      });
    }
    const r0 = performance.now();
    const again = await crm.services.contracts.runDaily(system, { on: addDays(TODAY, 3) });
    rows.push({
      run: 'daily run, same day again (nothing to do): service',
      'median ms': round(performance.now() - r0),
      work: `${again.reminders.length + again.activated.length + again.renewed.length + again.expired.length} changes`,
    });
    env.report(
      `Contracts: ${world.contracts.toLocaleString('en-US')} contracts (seeded in ${round(seedSeconds)} s)`,
      rows,
    );
  } finally {
    await bench.close();
  }
}
