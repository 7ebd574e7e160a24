import { pipelinePlugin } from '@rapport/pipeline';
import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsPlugin } from '../src/index.js';

/*
 * Alice's target comes from the pipeline's sales plan: won_amount 10000 EUR for March 2026 (Bob has
 * none). The plan pays 5 % up to 100 % of the target, 8 % above.
 *   Alice sells 12000.00 on 03-10: 10000 × 5 % = 500.00, 2000 × 8 % = 160.00 → 660.00
 *   Bob sells 12000.00 on 03-11, no sales plan: every rule pays its first tier, 5 % = 600.00
 */
describe('pay targets from the pipeline’s sales plans', () => {
  let env: TestCrm<[typeof pipelinePlugin, typeof analyticsPlugin]>;
  let org: OrgFixture;

  beforeAll(async () => {
    env = await createTestCrm({
      plugins: [pipelinePlugin, analyticsPlugin] as [typeof pipelinePlugin, typeof analyticsPlugin],
    });
    org = await seedOrganisation(env.crm);
  });
  afterAll(() => env?.close());

  it('tiers each agent’s commission by their won-amount sales plan of the month', async () => {
    const services = env.crm.services;
    const admin = org.as(org.admin);
    await services.salesPlans.set(org.as(org.northManager), {
      employeeId: org.alice.id,
      periodStart: '2026-03-01',
      periodEnd: '2026-04-01',
      metric: 'won_amount',
      currency: 'EUR',
      target: '10000',
    });
    await services.payPlans.set(admin, {
      name: 'Agents',
      role: 'agent',
      validFrom: '2026-03-01',
      targetSource: 'sales_plan',
      rules: [
        {
          name: 'Revenue',
          tiers: [
            { fromPercent: '0', rate: '5' },
            { fromPercent: '100', rate: '8' },
          ],
        },
      ],
    });
    for (const [who, day] of [
      [org.alice, '10'],
      [org.bob, '11'],
    ] as const) {
      const { party } = await services.parties.create(org.system, {
        kind: 'organization',
        organizationName: `Customer of ${who.name}`,
        ownerId: who.id,
      });
      await services.journal.record(org.as(who), {
        type: 'sale',
        occurredAt: `2026-03-${day}T10:00:00Z`,
        parties: [{ partyId: party.id }],
        amount: '12000',
        currency: 'EUR',
      });
    }
    const run = await services.payRuns.create(admin, { period: '2026-03' });
    const alice = await services.payRuns.statement(admin, { runId: run.id, employeeId: org.alice.id });
    const bob = await services.payRuns.statement(admin, { runId: run.id, employeeId: org.bob.id });
    expect([alice.target, alice.commission, alice.lines.map((l) => [l.tier, l.basis, l.amount])]).toEqual([
      '10000.0000',
      '660.0000',
      [
        [0, '10000.0000', '500.0000'],
        [1, '2000.0000', '160.0000'],
      ],
    ]);
    expect([bob.target, bob.commission]).toEqual([null, '600.0000']);
  });
});
