import type { BenchEnv } from '@rapport/testing/bench';
import { latencyRow, quantile, round } from '@rapport/testing/bench';
import { createCrm } from '../src/index.js';

const READS = 5000;

/**
 * A typical single-row read (one employee by key) inside a command transaction: through `tx.db`
 * (typed Kysely, property names, value conversion) beside the same statement through `tx.sql`.
 * Both share the transaction; the difference is the builder's client-side cost per query.
 */
export default async function queryBuilderBench(env: BenchEnv): Promise<void> {
  const db = await env.freshDatabase();
  const crm = await createCrm({ database: { url: db.url }, jobs: { workers: false } });
  try {
    await crm.migrate();
    const tenant = await crm.services.tenants.create({ name: 'Bench' });
    const ctx = crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'bench' } });
    const department = await crm.services.departments.create(ctx, { name: 'Sales' });
    const employee = await crm.services.employees.create(ctx, { name: 'Ada', departmentId: department.id });
    const builder: number[] = [];
    const raw: number[] = [];
    await crm.transaction(ctx, async (tx) => {
      for (let i = 0; i < READS; i++) {
        let started = performance.now();
        await tx.db
          .selectFrom('Employee')
          .select(['id', 'name', 'email', 'departmentId', 'role', 'active', 'deactivatedAt', 'heirId'])
          .where('tenantId', '=', tx.tenantId)
          .where('id', '=', employee.id)
          .executeTakeFirstOrThrow();
        builder.push(performance.now() - started);
        started = performance.now();
        const [row] = await tx.sql<Record<string, unknown>>(
          `select id, name, email, department_id, role, active, deactivated_at, heir_id
           from core_employee where tenant_id = $1 and id = $2`,
          [tx.tenantId, employee.id],
        );
        if (row?.deactivated_at) new Date(row.deactivated_at as string);
        raw.push(performance.now() - started);
      }
    });
    env.report(`single-row read of an employee, ${READS} times in one transaction`, [
      latencyRow('tx.db (Kysely typed from the entities)', builder, {
        'p50 / baseline': round(quantile(builder, 0.5) / quantile(raw, 0.5)),
      }),
      latencyRow('baseline: tx.sql with a hand-mapped row', raw),
    ]);
  } finally {
    await crm.close();
    await db.drop();
  }
}
