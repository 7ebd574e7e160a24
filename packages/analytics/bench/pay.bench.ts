import { type BenchEnv, latencyRow, openBenchCrm } from '@rapport/testing/bench';
import { analyticsPlugin } from '../src/index.js';
import { PAY_ROWS_SQL } from '../src/pay/pay-sql.js';

const FULL = process.env.BENCH_FULL === '1';
const SIZE = FULL
  ? { agents: 200, customers: 100_000, history: 900_000, month: 100_000 }
  : { agents: 200, customers: 20_000, history: 100_000, month: 20_000 };
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? (FULL ? 5 : 10));

/**
 * A monthly pay run for 200 agents (`BENCH_FULL=1`: 1M sales in the journal, 100k of them in the
 * month, 100k customers; default 120k / 20k / 20k): `payRuns.recompute` through the service (the
 * plan lookup, the one statement that reads every credited row, the tiers in JavaScript over the
 * aggregated rows, the inserts of statements and lines) beside the read statement alone run with
 * `pg` — the floor of any implementation that reads the same rows.
 */
export default async function payBench(env: BenchEnv): Promise<void> {
  const { crm, tenant, system, client, hand, close } = await openBenchCrm(env, {
    plugins: [analyticsPlugin],
  });
  try {
    const q = (text: string, values: unknown[] = []) => hand(text, values);
    const department = await crm.services.departments.create(system, { name: 'Sales' });
    const admin = await crm.services.employees.create(system, {
      name: 'Bench admin',
      departmentId: department.id,
      role: 'admin',
    });
    const t0 = performance.now();
    await q(
      `insert into core_employee (tenant_id, id, name, department_id, role)
       select $1, core_uuidv7(), 'Agent ' || g, $2, 'agent' from generate_series(1, $3) g`,
      [tenant.id, department.id, SIZE.agents],
    );
    await q(
      `create temp table bench_customer on commit preserve rows as
       select row_number() over () as n, core_uuidv7() as id from generate_series(1, $1)`,
      [SIZE.customers],
    );
    await q(
      `insert into core_party (tenant_id, id, kind, display_name, lifecycle)
       select $1, id, 'organization', 'Customer ' || n, 'customer' from bench_customer`,
      [tenant.id],
    );
    // Sales: history over the 12 months before March 2026, and the month itself.
    await q(
      `create temp table bench_sale on commit preserve rows as
       with agents as (select array_agg(id order by id) as ids from core_employee where tenant_id = $1 and role = 'agent')
       select core_uuidv7() as id, c.id as party_id, a.ids[1 + g % cardinality(a.ids)] as employee_id,
              case when g <= $2::int then timestamptz '2025-03-01' + (g % 365) * interval '1 day' + (g % 86400) * interval '1 second'
                   else timestamptz '2026-03-01' + (g % 31) * interval '1 day' + (g % 86400) * interval '1 second' end as at,
              round((50 + (g::bigint * 7919) % 5000)::numeric + (g % 100) / 100.0, 2) as amount
       from generate_series(1, $2::int + $3::int) g cross join agents a
       join bench_customer c on c.n = 1 + (g::bigint * 31) % $4::int`,
      [tenant.id, SIZE.history, SIZE.month, SIZE.customers],
    );
    await q(
      `insert into core_journal_entry (tenant_id, id, type, occurred_at, actor, employee_id, amount, currency)
       select $1, id, 'sale', at, '{"kind":"system","name":"bench"}', employee_id, amount, 'EUR' from bench_sale`,
      [tenant.id],
    );
    await q(
      `insert into core_journal_party (tenant_id, party_id, entry_id, role, occurred_at)
       select $1, party_id, id, 'customer', at from bench_sale`,
      [tenant.id],
    );
    const seedSeconds = (performance.now() - t0) / 1000;
    await client.query('vacuum analyze');
    const ctx = crm.context({ tenantId: tenant.id, actor: { kind: 'employee', id: admin.id } });
    await crm.services.payPlans.set(ctx, {
      name: 'Agents',
      role: 'agent',
      validFrom: '2026-01-01',
      baseSalary: '2000',
      targetSource: 'plan',
      target: '50000',
      cap: '20000',
      rules: [
        { name: 'New', customers: 'new', tiers: [{ fromPercent: '0', rate: '10' }] },
        {
          name: 'Revenue',
          tiers: [
            { fromPercent: '0', rate: '5' },
            { fromPercent: '100', rate: '8' },
          ],
        },
      ],
    });
    const run = await crm.services.payRuns.create(ctx, { period: '2026-03' });
    const framework: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      let t = performance.now();
      await crm.services.payRuns.recompute(ctx, run.id);
      framework.push(performance.now() - t);
      t = performance.now();
      await q(PAY_ROWS_SQL, [tenant.id, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', 'UTC']);
      baseline.push(performance.now() - t);
    }
    const lines = await q('select count(*)::int as n from analytics_pay_line');
    env.report(
      `pay run: ${SIZE.agents} agents, ${SIZE.history + SIZE.month} sales (${SIZE.month} in the month), ${lines[0]?.n} lines; seeded in ${seedSeconds.toFixed(1)} s`,
      [
        latencyRow('payRuns.recompute (service)', framework),
        latencyRow('read statement only (pg)', baseline),
      ],
    );
  } finally {
    await close();
  }
}
