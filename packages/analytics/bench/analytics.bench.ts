import { type BenchEnv, latencyRow, openBenchCrm, round, serviceVersusSql } from '@rapport/testing/bench';
import { analyticsPlugin } from '../src/index.js';
import { seedAnalyticsWorld } from './analytics-seed.js';
import { ABC, ACTIVITY_BY_AGENT, MAP, REVENUE_BY_MONTH_COUNTRY, RFM, SALES_BY_AGENT } from './hand-sql.js';

const FULL = process.env.BENCH_FULL === '1';
const SIZE = FULL
  ? { entries: 1_000_000, parties: 100_000, employees: 200, departments: 10 }
  : { entries: 50_000, parties: 10_000, employees: 200, departments: 10 };
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? (FULL ? 7 : 15));

/**
 * Every analysis over a year of a 1M-entry journal (`BENCH_FULL=1`; 50k by default), 100k parties,
 * 200 employees: through the service as an administrator and as an agent (validation, transaction,
 * visibility, typed rows) beside a hand-written `pg` statement for the same answer, interleaved.
 * Aim: within 1.5× and p50 under a second for the year-wide analyses.
 */
export default async function analyticsBench(env: BenchEnv): Promise<void> {
  const { crm, tenant, system, client, hand, close } = await openBenchCrm(env, {
    plugins: [analyticsPlugin],
  });
  try {
    const t0 = performance.now();
    const world = await seedAnalyticsWorld(client, tenant.id, SIZE);
    const seedSeconds = (performance.now() - t0) / 1000;
    await client.query('vacuum analyze');
    const admin = await crm.services.employees.create(system, {
      name: 'Bench admin',
      departmentId: world.departmentIds[0]!,
      role: 'admin',
    });
    const asAdmin = crm.context({ tenantId: tenant.id, actor: { kind: 'employee', id: admin.id } });
    const agentId = world.employeeIds[0]!;
    const asAgent = crm.context({ tenantId: tenant.id, actor: { kind: 'employee', id: agentId } });

    const now = new Date();
    const yearAgo = new Date(now.getTime() - 365 * 86_400_000);
    const period = { from: yearAgo, to: now };
    const s = crm.services;
    const cases: Array<{ name: string; framework: () => Promise<unknown>; sql: string; params: unknown[] }> =
      [
        ...(
          [
            ['admin', asAdmin, null],
            ['agent', asAgent, agentId],
          ] as const
        ).flatMap(([who, ctx, id]) => [
          {
            name: `sales by agent (revenue, orders, AOV), one year, ${who}`,
            framework: () =>
              s.analytics.query(ctx, {
                measures: ['revenue', 'orders', 'aov'],
                dimensions: ['employee'],
                filters: { period, types: ['sale'] },
              }),
            sql: SALES_BY_AGENT,
            params: [tenant.id, yearAgo, now, id],
          },
          {
            name: `ABC customers, one year, ${who}`,
            framework: () =>
              s.customerClasses.abc(ctx, { filters: { period, currency: 'EUR' }, members: { limit: 20 } }),
            sql: ABC,
            params: [tenant.id, yearAgo, now, id],
          },
        ]),
        {
          name: 'net revenue by month and country, one year, admin',
          framework: () =>
            s.analytics.query(asAdmin, {
              measures: ['netRevenue'],
              dimensions: ['period.month', 'country'],
              filters: { period, types: ['sale', 'refund'] },
            }),
          sql: REVENUE_BY_MONTH_COUNTRY,
          params: [tenant.id, yearAgo, now, 'UTC'],
        },
        {
          name: 'activities per agent, one year, admin',
          framework: () =>
            s.analytics.query(asAdmin, {
              measures: ['calls', 'duration.sum', 'meetings', 'visits', 'emailsSent', 'emailsDelivered'],
              dimensions: ['employee'],
              filters: { period, types: ['call_incoming', 'call_outgoing', 'meeting', 'visit', 'email'] },
            }),
          sql: ACTIVITY_BY_AGENT,
          params: [tenant.id, yearAgo, now],
        },
        {
          name: 'RFM, one year, admin',
          framework: () =>
            s.rfm.score(asAdmin, { filters: { period, currency: 'EUR' }, members: { limit: 20 } }),
          sql: RFM,
          params: [tenant.id, yearAgo, now],
        },
        {
          name: 'map by country, one year, admin',
          framework: () => s.mapDistribution.compute(asAdmin, { period }),
          sql: MAP,
          params: [tenant.id, yearAgo, now],
        },
      ];

    const rows: Array<Record<string, string | number>> = [];
    for (const c of cases) {
      rows.push(...(await serviceVersusSql(c.name, ITERATIONS, c.framework, () => hand(c.sql, c.params))));
    }
    // Analyses without a hand-written twin: timed alone.
    const alone: Array<[string, () => Promise<unknown>]> = [
      [
        'activity → sales conversion, 90 days, admin',
        () =>
          s.activityAnalysis.conversion(asAdmin, {
            filters: { period: { from: new Date(now.getTime() - 90 * 86_400_000), to: now } },
          }),
      ],
      ['acquisition sources, one year, admin', () => s.acquisition.sources(asAdmin, { period })],
    ];
    for (const [name, run] of alone) {
      await run();
      const a: number[] = [];
      for (let i = 0; i < Math.max(3, Math.floor(ITERATIONS / 2)); i++) {
        const start = performance.now();
        await run();
        a.push(performance.now() - start);
      }
      rows.push(latencyRow(`${name}: service`, a));
    }
    env.report(
      `Analytics over ${world.entries.toLocaleString('en-US')} journal entries, ${SIZE.parties.toLocaleString('en-US')} parties, ${SIZE.employees} employees (seeded in ${round(seedSeconds)} s)`,
      rows,
    );
  } finally {
    await close();
  }
}
