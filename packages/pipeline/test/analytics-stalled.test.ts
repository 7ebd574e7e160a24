import type { TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { pipelinePlugin } from '../src/index.js';
import { day, type FunnelDeals, seedFunnelDeals } from './analytics-data.js';
import { adminSql, type PipelineFixture, pipelineTestCrm, seedPipeline } from './fixture.js';

/**
 * Open deals of analytics-data.ts: d4 (bob, Proposal, rots after 14 days, 3000 EUR), d5 (carol, Lead,
 * no limit, 700 EUR), d6 (bob, Lead, 400 USD). Losses: d3 lost from Lead on day 5 after 5 idle days
 * (competitor), d2 lost from Qualified on day 4 after 3 idle days (price).
 */
describe('stalled deals analysis', () => {
  let env: TestCrm<[typeof pipelinePlugin]>;
  let f: PipelineFixture;
  let deals: FunnelDeals;
  const analyse = (...args: Parameters<typeof env.crm.services.stalledDeals.analyse>) =>
    env.crm.services.stalledDeals.analyse(...args);

  beforeAll(async () => {
    env = await pipelineTestCrm();
    f = await seedPipeline(env.crm);
    deals = await seedFunnelDeals(f, env.database.adminUrl);
    // Time-shaped: the API cannot backdate activity, so the last activity is set as administrator.
    const idle = (id: string, days: number) =>
      adminSql(
        env.database.adminUrl,
        `update pipeline_deal set last_activity_at = now() - $2 * interval '1 day' where id = $1`,
        [id, days],
      );
    await idle(deals.d4.id, 20);
    await idle(deals.d5.id, 40);
    await idle(deals.d6.id, 5);
  });
  afterAll(() => env?.close());

  it('finds deals idle beyond their stage’s limit, by stage, owner and reason', async () => {
    const a = await analyse(f.system);
    expect(a.total).toMatchObject({
      deals: 1,
      marked: 0,
      amounts: [{ currency: 'EUR', amount: '3000.0000' }],
    });
    expect(a.total.maxIdleDays).toBeCloseTo(20, 2);
    expect(a.byStage.map((g) => [g.key, g.deals])).toEqual([[f.stages.proposal.id, 1]]);
    expect(a.byOwner.map((g) => [g.key, g.deals])).toEqual([[f.bob.id, 1]]);
    expect(a.byReason.map((g) => [g.key, g.deals])).toEqual([['stage_limit', 1]]);
  });

  it('adds deals idle beyond a given period, as a reason of their own', async () => {
    const a = await analyse(f.system, { olderThanDays: 30 });
    expect(a.total.deals).toBe(2);
    expect(a.byReason.map((g) => [g.key, g.deals])).toEqual([
      ['period', 1],
      ['stage_limit', 1],
    ]);
    expect(a.byOwner.find((g) => g.key === f.carol.id)?.amounts).toEqual([
      { currency: 'EUR', amount: '700.0000' },
    ]);
  });

  it('counts the deals the scheduled job has marked', async () => {
    await env.crm.services.deals.markStalled(f.system);
    const a = await analyse(f.system);
    expect(a.total).toMatchObject({ deals: 1, marked: 1 });
  });

  it('gives the loss reasons of deals that were lost after stalling', async () => {
    const a = await analyse(f.system, { olderThanDays: 4, lostSince: day(0) });
    expect(a.lostAfterStalling).toEqual([
      { reason: 'competitor', deals: 1, amounts: [{ currency: 'USD', amount: '500.0000' }] },
    ]);
    const wider = await analyse(f.system, { olderThanDays: 2, lostSince: day(0) });
    expect(wider.lostAfterStalling.map((l) => [l.reason, l.deals])).toEqual([
      ['competitor', 1],
      ['price', 1],
    ]);
  });

  it('filters by a team along the reports-to chain', async () => {
    const employees = env.crm.services.employees;
    // Open deals idle over a day: d4 and d6 (bob), d5 (carol).
    expect((await analyse(f.system, { olderThanDays: 1, teamOf: f.bob.id })).total.deals).toBe(2);
    await employees.update(f.system, f.carol.id, { reportsToId: f.bob.id });
    try {
      const bob = await analyse(f.system, { olderThanDays: 1, teamOf: f.bob.id });
      expect(bob.total.deals).toBe(3);
      expect(bob.byOwner.map((g) => g.key).sort()).toEqual([f.bob.id, f.carol.id].sort());
      expect((await analyse(f.system, { olderThanDays: 1, teamOf: f.carol.id })).total.deals).toBe(1);
    } finally {
      await employees.update(f.system, f.carol.id, { reportsToId: null });
    }
    await expect(analyse(f.system, { teamOf: '00000000-0000-7000-8000-000000000000' })).rejects.toMatchObject(
      { code: 'NOT_FOUND', details: { field: 'teamOf' } },
    );
  });

  it('shows an agent only their visible deals, and filters by owner and department', async () => {
    expect((await analyse(f.as(f.alice), { olderThanDays: 1 })).total.deals).toBe(0);
    expect((await analyse(f.as(f.bob), { olderThanDays: 1 })).total.deals).toBe(2);
    expect(
      (await analyse(f.system, { olderThanDays: 1, departmentId: f.departments.support })).total.deals,
    ).toBe(1);
    expect((await analyse(f.system, { olderThanDays: 1, ownerId: f.bob.id })).total.deals).toBe(2);
    await expect(analyse(f.system, { olderThanDays: 0 })).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'olderThanDays' })] },
    });
    await expect(
      analyse(f.system, { pipelineId: '00000000-0000-7000-8000-000000000000' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
