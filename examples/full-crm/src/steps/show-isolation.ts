import { type DemoStep, requireCrm } from '../demo.js';

/** Runs the same unfiltered SQL for each tenant: row-level security shows each only its own rows. */
export const showIsolation: DemoStep = {
  title: 'Check tenant isolation',
  async run(demo) {
    const crm = requireCrm(demo);
    for (const { tenant, ctx } of demo.tenants) {
      const [row] = await crm.transaction(ctx, (tx) =>
        tx.sql<{ n: number }>('select count(*)::int as n from visit_notes_note'),
      );
      demo.say(`"select count(*) from visit_notes_note" as ${tenant.name}: ${row?.n ?? 0}`);
    }
  },
};
