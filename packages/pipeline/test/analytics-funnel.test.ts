import { RapportError } from '@rapport/core';
import type { TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Funnel, FunnelStage, pipelinePlugin } from '../src/index.js';
import { DAY, day, type FunnelDeals, seedFunnelDeals } from './analytics-data.js';
import { type PipelineFixture, pipelineTestCrm, seedPipeline } from './fixture.js';

describe('funnel', () => {
  let env: TestCrm<[typeof pipelinePlugin]>;
  let f: PipelineFixture;
  let deals: FunnelDeals;
  const period = () => ({ pipelineId: f.pipeline.id, from: day(0), to: day(10) });
  const stage = (funnel: Funnel, name: string): FunnelStage => {
    const s = funnel.stages.find((x) => x.name === name);
    if (!s) throw new Error(`no stage ${name}`);
    return s;
  };

  beforeAll(async () => {
    env = await pipelineTestCrm();
    f = await seedPipeline(env.crm);
    deals = await seedFunnelDeals(f, env.database.adminUrl);
  });
  afterAll(() => env?.close());

  it('counts the deals that entered each stage, in pipeline order, for the cohort of the period', async () => {
    const funnel = await env.crm.services.funnel.compute(f.system, period());
    expect(funnel.stages.map((s) => [s.name, s.entered])).toEqual([
      ['Lead', 5],
      ['Qualified', 3],
      ['Proposal', 2],
      ['Won', 1],
      ['Lost', 2],
    ]);
    expect(funnel.totals).toMatchObject({ deals: 5, open: 2, won: 1, lost: 2, movedOut: 0 });
    expect(funnel.totals.winRate).toEqual({ rate: 1 / 3, numerator: 1, denominator: 3 });
    expect(funnel.totals.wonAmounts).toEqual([{ currency: 'EUR', amount: '1000.0000' }]);
  });

  it('gives conversion to the next stage and to won with the counts they came from', async () => {
    const funnel = await env.crm.services.funnel.compute(f.system, period());
    const lead = stage(funnel, 'Lead');
    expect(lead.conversion).toEqual({
      toNext: { rate: 3 / 5, numerator: 3, denominator: 5 },
      toWon: { rate: 1 / 5, numerator: 1, denominator: 5 },
      winRate: { rate: 1 / 3, numerator: 1, denominator: 3 },
    });
    const qualified = stage(funnel, 'Qualified');
    expect(qualified.conversion?.toNext).toEqual({ rate: 2 / 3, numerator: 2, denominator: 3 });
    expect(qualified.conversion?.winRate).toEqual({ rate: 1 / 2, numerator: 1, denominator: 2 });
    expect(stage(funnel, 'Proposal').conversion?.toNext).toEqual({
      rate: 1 / 2,
      numerator: 1,
      denominator: 2,
    });
    expect(stage(funnel, 'Won').conversion).toBeNull();
  });

  it('adds up the time in a stage over re-entries and takes the median over deals', async () => {
    const funnel = await env.crm.services.funnel.compute(f.system, period());
    // Qualified: d1 days 2→5 (3), d2 1→4 (3), d4 1→2 and 3→6 (1 + 3 = 4).
    const qualified = stage(funnel, 'Qualified').timeInStage!;
    expect(qualified.deals).toBe(3);
    expect(qualified.ongoing).toBe(0);
    expect(qualified.averageSeconds).toBeCloseTo((10 / 3) * DAY, 3);
    expect(qualified.medianSeconds).toBeCloseTo(3 * DAY, 3);
    // Lead: d5 is still there, measured until now.
    const lead = stage(funnel, 'Lead').timeInStage!;
    expect(lead.ongoing).toBe(1);
    expect(lead.averageSeconds!).toBeGreaterThan(((2 + 1 + 5 + 2) / 5) * DAY);
  });

  it('reports where deals are lost, with the top reasons', async () => {
    const funnel = await env.crm.services.funnel.compute(f.system, period());
    expect(stage(funnel, 'Lead')).toMatchObject({
      lost: 1,
      lossReasons: [{ reason: 'competitor', count: 1 }],
    });
    expect(stage(funnel, 'Qualified')).toMatchObject({
      lost: 1,
      lossReasons: [{ reason: 'price', count: 1 }],
    });
    expect(stage(funnel, 'Proposal')).toMatchObject({ lost: 0, lossReasons: [] });
  });

  it('sums amounts per currency, never across currencies', async () => {
    const funnel = await env.crm.services.funnel.compute(f.system, period());
    expect(stage(funnel, 'Lead').amounts).toEqual([
      { currency: 'EUR', amount: '6700.0000' },
      { currency: 'USD', amount: '500.0000' },
    ]);
    const usd = await env.crm.services.funnel.compute(f.system, { ...period(), currency: 'USD' });
    expect(usd.stages.map((s) => s.entered)).toEqual([1, 0, 0, 0, 1]);
  });

  it('follows a deal that entered in the period to the end of its history, and leaves out later entries', async () => {
    const early = await env.crm.services.funnel.compute(f.system, { ...period(), to: day(1) });
    expect(stage(early, 'Won').entered).toBe(1); // d1 won on day 9, after the period
    const late = await env.crm.services.funnel.compute(f.system, { ...period(), from: day(15), to: day(30) });
    expect(late.totals.deals).toBe(1); // d6 only
    expect(stage(late, 'Lead').entered).toBe(1);
    expect(deals.d6.status).toBe('open');
  });

  it('filters by owner and by department subtree', async () => {
    const alice = await env.crm.services.funnel.compute(f.system, { ...period(), ownerId: f.alice.id });
    expect(alice.stages.map((s) => s.entered)).toEqual([2, 2, 1, 1, 1]);
    const north = await env.crm.services.funnel.compute(f.system, {
      ...period(),
      departmentId: f.departments.north,
    });
    expect(north.totals.deals).toBe(4);
    const sales = await env.crm.services.funnel.compute(f.system, {
      ...period(),
      departmentId: f.departments.sales,
    });
    expect(sales.totals.deals).toBe(4); // North is below Sales
    const support = await env.crm.services.funnel.compute(f.system, {
      ...period(),
      departmentId: f.departments.support,
    });
    expect(support.totals.deals).toBe(1);
  });

  it('filters by a team along the reports-to chain: the employee and everyone below them', async () => {
    const employees = env.crm.services.employees;
    await employees.update(f.system, f.bob.id, { reportsToId: f.alice.id });
    await employees.update(f.system, f.carol.id, { reportsToId: f.bob.id });
    try {
      const team = (teamOf: string) => env.crm.services.funnel.compute(f.system, { ...period(), teamOf });
      const alice = await team(f.alice.id); // alice d1 d2, bob d3 d4, carol d5 (through bob)
      expect(alice.totals.deals).toBe(5);
      expect(alice.filters.teamOf).toBe(f.alice.id);
      const bob = await team(f.bob.id); // bob d3 d4, carol d5
      expect(bob.totals.deals).toBe(3);
      expect(bob.source).toBe('history'); // the rollup has no owners: a team takes the per-deal statement
      expect(stage(bob, 'Lead').amounts).toEqual([
        { currency: 'EUR', amount: '3700.0000' },
        { currency: 'USD', amount: '500.0000' },
      ]);
      const carol = await team(f.carol.id);
      expect(carol.totals.deals).toBe(1);
    } finally {
      await employees.update(f.system, f.carol.id, { reportsToId: null });
      await employees.update(f.system, f.bob.id, { reportsToId: null });
    }
  });

  it('shows an agent only the deals they may see', async () => {
    const alice = await env.crm.services.funnel.compute(f.as(f.alice), period());
    expect(alice.totals.deals).toBe(2);
    expect(stage(alice, 'Lead').amounts).toEqual([{ currency: 'EUR', amount: '3000.0000' }]);
    const manager = await env.crm.services.funnel.compute(f.as(f.manager), period());
    expect(manager.totals.deals).toBe(4); // Sales and North, not Support
  });

  it('refuses an unknown pipeline, owner or department, and a period that ends before it starts', async () => {
    const unknown = '00000000-0000-7000-8000-000000000000';
    await expect(
      env.crm.services.funnel.compute(f.system, { ...period(), pipelineId: unknown }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { field: 'pipelineId' },
    });
    await expect(
      env.crm.services.funnel.compute(f.system, { ...period(), teamOf: unknown }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', details: { field: 'teamOf' } });
    await expect(
      env.crm.services.funnel.compute(f.system, { ...period(), ownerId: unknown }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { field: 'ownerId' },
    });
    const error = await env.crm.services.funnel
      .compute(f.system, { ...period(), from: day(5), to: day(1), currency: 'EURO' })
      .catch((e: unknown) => e);
    expect(RapportError.is(error, 'INVALID_DATA')).toBe(true);
    expect((error as RapportError).details.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'to' }),
        expect.objectContaining({ path: 'currency' }),
      ]),
    );
  });
});
