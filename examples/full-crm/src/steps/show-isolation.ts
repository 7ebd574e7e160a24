import { type DemoStep, requireCrm } from '../demo.js';

const TABLES = ['core_party', 'core_journal_entry', 'core_employee', 'visit_notes_note'];

/**
 * Runs the same unfiltered SQL for each tenant: row-level security shows each only its own rows.
 * Identity keys are per tenant too, so the second tenant may hold a customer of the first.
 */
export const showIsolation: DemoStep = {
  title: 'Check tenant isolation',
  async run(demo) {
    const crm = requireCrm(demo);
    const [first, second] = demo.tenants;
    if (!first || !second) throw new Error('Two tenants expected: run the create-tenants step first');
    const { party } = await crm.services.parties.create(second.ctx, {
      kind: 'person',
      givenName: 'Ada',
      familyName: 'Berger',
      contactPoints: [{ kind: 'email', value: 'ada.berger@kessler-maschinenbau.de' }],
    });
    demo.say(
      `${second.tenant.name} enters ${party.displayName} <${party.contactPoints[0]?.value}>: created, no duplicate across tenants`,
    );
    for (const { tenant, ctx } of demo.tenants) {
      const counts = await crm.transaction(ctx, async (tx) => {
        const out: string[] = [];
        for (const table of TABLES) {
          const [row] = await tx.sql<{ n: number }>(`select count(*)::int as n from ${table}`);
          out.push(`${table} ${row?.n ?? 0}`);
        }
        return out.join(', ');
      });
      demo.say(`"select count(*) from …" as ${tenant.name}: ${counts}`);
    }
  },
};
