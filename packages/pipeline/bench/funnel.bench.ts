import { type BenchEnv, openBenchCrm, round, serviceVersusSql } from '@rapport/testing/bench';
import { forecastSql } from '../src/analytics/forecast-sql.js';
import { funnelRollupSql } from '../src/analytics/funnel-rollup-sql.js';
import { funnelSql } from '../src/analytics/funnel-sql.js';
import { pipelinePlugin } from '../src/index.js';
import { seedFunnelWorld } from './funnel-seed.js';
import { moveCost } from './move-cost.js';

const FULL = process.env.BENCH_FULL === '1';
const SIZE = FULL
  ? { deals: 1_000_000, owners: 200, departments: 10, customers: 100_000 }
  : { deals: Number(process.env.BENCH_DEALS ?? 100_000), owners: 200, departments: 10, customers: 20_000 };
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? (FULL ? 15 : 30));

/**
 * Funnel and forecast over 1M deals with ~5M stage changes (`BENCH_FULL=1`; 100k / ~500k by default):
 * each case through the service as an administrator (validation, transaction, visibility, mapping)
 * beside the same statement run directly with `pg` (one round trip, in a transaction with the tenant
 * set for row-level security). Aim: within 1.5× and well under a second.
 */
export default async function funnelBench(env: BenchEnv): Promise<void> {
  const bench = await openBenchCrm(env, { plugins: [pipelinePlugin] });
  const { crm, tenant, system, client } = bench;
  try {
    const t0 = performance.now();
    const world = await seedFunnelWorld(client, tenant.id, SIZE);
    const seedSeconds = (performance.now() - t0) / 1000;
    // The seed writes the stage history directly: build the funnel rollup as the install migration
    // does (on a database with statistics, as an existing one has).
    await client.query('analyze');
    const t1 = performance.now();
    await bench.inTenant(() => client.query('select pipeline_funnel_refresh($1, null)', [tenant.id]));
    const rollupSeconds = (performance.now() - t1) / 1000;
    await client.query('vacuum analyze');
    const admin = await crm.services.employees.create(system, {
      name: 'Bench admin',
      departmentId: world.departmentIds[0]!,
      role: 'admin',
    });
    const ctx = crm.context({ tenantId: tenant.id, actor: { kind: 'employee', id: admin.id } });

    const hand = (text: string, params: unknown[]) => bench.hand(text, params, { actor: ctx.actor });

    const now = new Date();
    const yearAgo = new Date(now.getTime() - 365 * 86_400_000);
    const owner = world.ownerIds[0]!; // the busiest owner (power-law skew)
    const department = world.departmentIds[1]!;
    const base = [tenant.id, world.mainPipelineId, yearAgo, now];
    const today = now.toISOString().slice(0, 10);
    // The rollup serves periods between UTC midnights: the year up to tomorrow's midnight.
    const dayTo = new Date((Math.floor(now.getTime() / 86_400_000) + 1) * 86_400_000);
    const dayFrom = new Date(dayTo.getTime() - 365 * 86_400_000);
    const whole = { pipelineId: world.mainPipelineId, from: dayFrom, to: dayTo };
    const cases: Array<{ name: string; framework: () => Promise<unknown>; sql: string; params: unknown[] }> =
      [
        {
          name: 'funnel, whole pipeline, one year, per-deal statement',
          framework: () => crm.services.funnel.compute(ctx, { ...whole, source: 'history' }),
          sql: funnelSql([]),
          params: [tenant.id, world.mainPipelineId, dayFrom, dayTo],
        },
        {
          name: 'funnel, whole pipeline, one year, rollup',
          framework: () => crm.services.funnel.compute(ctx, { ...whole, source: 'rollup' }),
          sql: funnelRollupSql(false),
          params: [tenant.id, world.mainPipelineId, dayFrom, dayTo],
        },
        {
          name: 'funnel, one owner',
          framework: () =>
            crm.services.funnel.compute(ctx, {
              pipelineId: world.mainPipelineId,
              from: yearAgo,
              to: now,
              ownerId: owner,
            }),
          sql: funnelSql(['d.owner_id = $5::uuid']),
          params: [...base, owner],
        },
        {
          name: 'funnel, one department',
          framework: () =>
            crm.services.funnel.compute(ctx, {
              pipelineId: world.mainPipelineId,
              from: yearAgo,
              to: now,
              departmentId: department,
            }),
          sql: funnelSql([
            `d.owner_id in (select fe.id from core_employee fe join core_department fd on fd.tenant_id = fe.tenant_id
             and fd.id = fe.department_id where fe.tenant_id = $1 and fd.path @> array[$5::uuid])`,
          ]),
          params: [...base, department],
        },
        {
          name: 'forecast by owner, historical conversion from the rollup, 6 months',
          framework: () =>
            crm.services.forecasts.compute(ctx, {
              from: today,
              periods: 6,
              period: 'month',
              method: 'historical_conversion',
              groupBy: 'owner',
              history: { from: dayFrom, to: dayTo },
              source: 'rollup',
            }),
          sql: forecastSql({
            method: 'historical_conversion',
            groupBy: 'owner',
            period: 'month',
            filters: [],
            rollup: true,
          }),
          params: [tenant.id, null, today, 6, dayFrom, dayTo],
        },
        ...(['stage_probability', 'historical_conversion'] as const).map((method) => ({
          name: `forecast by owner, ${method === 'stage_probability' ? 'stage probability' : 'historical conversion'}, 6 months`,
          framework: () =>
            crm.services.forecasts.compute(ctx, {
              from: today,
              periods: 6,
              period: 'month',
              method,
              groupBy: 'owner',
              history: { from: yearAgo, to: now },
            }),
          sql: forecastSql({ method, groupBy: 'owner', period: 'month', filters: [] }),
          params:
            method === 'historical_conversion'
              ? [tenant.id, null, today, 6, yearAgo, now]
              : [tenant.id, null, today, 6],
        })),
      ];

    const rows: Array<Record<string, string | number>> = [];
    for (const c of cases) {
      rows.push(...(await serviceVersusSql(c.name, ITERATIONS, c.framework, () => hand(c.sql, c.params))));
    }
    env.report(
      `The cost of the funnel rollup on a stage change (rollup built in ${round(rollupSeconds)} s)`,
      await moveCost({
        crm,
        client,
        inTenant: (work) => bench.inTenant(work),
        ctx,
        pipelineId: world.mainPipelineId,
        moves: FULL ? 200 : 100,
      }),
    );
    env.report(
      `Funnel and forecast over ${world.deals.toLocaleString('en-US')} deals, ${world.stageChanges.toLocaleString('en-US')} stage changes (seeded in ${round(seedSeconds)} s)`,
      rows,
    );
  } finally {
    await bench.close();
  }
}
