import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsPlugin } from '../src/index.js';
import type { PayRun } from '../src/pay/index.js';

/*
 * Hand-computed (UTC, EUR). Plan for the role `agent`: base 1000.00, 10 % of revenue, no target.
 * March: Alice sells M1 1000.00 (commission 100.00) and M2 200.00 (20.00) to Acme; March is approved.
 * April: Alice becomes a manager (the agents' plan no longer applies to her: she has no plan), Acme
 * gets a refund of 400.00 of M1 and M2 is voided.
 *   Alice: clawback 400 / 1000 × 100.00 = −40.00, reversal of M2's 20.00 = −20.00 → total −60.00,
 *   no base, no commission, no plan. Bob and Carol (agents, sold nothing): their base, 1000.00.
 */
describe('agents’ pay for an agent without a plan', () => {
  let env: TestCrm<[typeof analyticsPlugin]>;
  let org: OrgFixture;
  let april: PayRun;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [analyticsPlugin] });
    org = await seedOrganisation(env.crm);
    const s = env.crm.services;
    const admin = org.as(org.admin);
    const { party } = await s.parties.create(org.system, {
      kind: 'organization',
      organizationName: 'Acme',
      ownerId: org.alice.id,
    });
    await s.payPlans.set(admin, {
      name: 'Agents',
      role: 'agent',
      validFrom: '2026-01-01',
      baseSalary: '1000',
      targetSource: 'none',
      rules: [{ name: 'Revenue', tiers: [{ fromPercent: '0', rate: '10' }] }],
    });
    for (const [key, day, amount] of [
      ['M1', '05', '1000'],
      ['M2', '06', '200'],
    ] as const) {
      const { entry } = await s.journal.record(org.as(org.alice), {
        type: 'sale',
        occurredAt: `2026-03-${day}T10:00:00Z`,
        parties: [{ partyId: party.id }],
        amount,
        currency: 'EUR',
      });
      ids[key] = entry.id;
    }
    const march = await s.payRuns.create(admin, { period: '2026-03' });
    await s.payRuns.approve(admin, march.id);
    await s.employees.update(org.system, org.alice.id, { role: 'manager' });
    await s.journal.record(org.as(org.alice), {
      type: 'refund',
      occurredAt: '2026-04-07T10:00:00Z',
      parties: [{ partyId: party.id }],
      amount: '400',
      currency: 'EUR',
      subject: { type: 'sale', id: ids.M1! },
    });
    await s.journal.void(org.system, ids.M2!, 'never delivered');
    april = await s.payRuns.create(admin, { period: '2026-04' });
  });
  afterAll(() => env?.close());

  it('gives an agent whose plan ended a statement of their clawbacks and reversals', async () => {
    const s = await env.crm.services.payRuns.statement(org.as(org.admin), {
      runId: april.id,
      employeeId: org.alice.id,
    });
    expect(s).toMatchObject({
      planId: null,
      currency: 'EUR',
      base: '0.0000',
      earned: '0.0000',
      commission: '0.0000',
      adjustments: '-60.0000',
      total: '-60.0000',
    });
    expect(s.lines.map((l) => [l.kind, l.entryId, l.saleId, l.amount])).toEqual([
      ['adjustment', ids.M2, null, '-20.0000'],
      ['clawback', expect.any(String), ids.M1, '-40.0000'],
    ]);
  });

  it('gives no statement to employees without a plan and without anything to take back', async () => {
    const statements = await env.crm.services.payRuns.statements(org.as(org.admin), april.id);
    expect(statements.map((s) => [s.employeeName, s.planId === null, s.total])).toEqual([
      ['Alice', true, '-60.0000'],
      ['Bob', false, '1000.0000'],
      ['Carol', false, '1000.0000'],
    ]);
  });

  it('records the taken-back amounts in the ledger on approval, so the next run does not take them again', async () => {
    const admin = org.as(org.admin);
    await env.crm.services.payRuns.approve(admin, april.id);
    const may = await env.crm.services.payRuns.create(admin, { period: '2026-05' });
    const statements = await env.crm.services.payRuns.statements(admin, may.id);
    expect(statements.map((s) => s.employeeName)).toEqual(['Bob', 'Carol']);
  });
});
