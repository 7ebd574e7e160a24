import type { TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Forecast, ForecastGroup, pipelinePlugin } from '../src/index.js';
import { day, type FunnelDeals, seedFunnelDeals } from './analytics-data.js';
import { type PipelineFixture, pipelineTestCrm, seedPipeline } from './fixture.js';

/**
 * Open deals (after the funnel data, d4–d6, plus d7 and d8 created now):
 *
 * | deal | owner | stage     | amount   | expected close | bucket (Jan, Feb 2026) |
 * |------|-------|-----------|----------|----------------|------------------------|
 * | d4   | bob   | Proposal  | 3000 EUR | 2026-01-20     | Jan                    |
 * | d6   | bob   | Lead      |  400 USD | 2026-01-31     | Jan                    |
 * | d5   | carol | Lead      |  700 EUR | —              | undated                |
 * | d7   | alice | Qualified | 1000 EUR | 2025-12-01     | overdue                |
 * | d8   | alice | Lead      |  100 EUR | 2026-03-01     | later                  |
 *
 * Historical win rates over the funnel's cohort (days 0–10): Lead 1/3, Qualified 1/2, Proposal 1/1.
 */
describe('forecasts', () => {
  let env: TestCrm<[typeof pipelinePlugin]>;
  let f: PipelineFixture;
  let deals: FunnelDeals;
  const base = { from: '2026-01-15', periods: 2, period: 'month' } as const;
  const group = (forecast: Forecast, key: string | null): ForecastGroup => {
    const g = forecast.groups.find((x) => x.key === key);
    if (!g) throw new Error(`no group ${key}`);
    return g;
  };

  beforeAll(async () => {
    env = await pipelineTestCrm();
    f = await seedPipeline(env.crm);
    deals = await seedFunnelDeals(f, env.database.adminUrl);
    const d = env.crm.services.deals;
    await d.update(f.system, deals.d4.id, { expectedCloseOn: '2026-01-20' });
    await d.update(f.system, deals.d6.id, { expectedCloseOn: '2026-01-31' });
    const d7 = await d.create(f.system, {
      pipelineId: f.pipeline.id,
      title: 'D7',
      customerId: f.customers.globex,
      ownerId: f.alice.id,
      amount: '1000',
      currency: 'EUR',
      expectedCloseOn: '2025-12-01',
    });
    await d.move(f.system, d7.id, { stageId: f.stages.qualified.id });
    await d.create(f.system, {
      pipelineId: f.pipeline.id,
      title: 'D8',
      customerId: f.customers.initech,
      ownerId: f.alice.id,
      amount: '100',
      currency: 'EUR',
      expectedCloseOn: '2026-03-01',
    });
  });
  afterAll(() => env?.close());

  it('buckets open deals by expected close date and weighs them by stage probability, per owner and currency', async () => {
    const forecast = await env.crm.services.forecasts.compute(f.system, {
      ...base,
      method: 'stage_probability',
      groupBy: 'owner',
    });
    expect(forecast.buckets).toEqual([
      { start: '2026-01-01', end: '2026-02-01' },
      { start: '2026-02-01', end: '2026-03-01' },
    ]);
    const bob = group(forecast, f.bob.id);
    expect(bob.buckets[0]).toMatchObject({
      deals: 2,
      amounts: [
        { currency: 'EUR', amount: '3000.0000', weighted: '1800.0000' },
        { currency: 'USD', amount: '400.0000', weighted: '40.0000' },
      ],
    });
    expect(bob.buckets[1]).toMatchObject({ deals: 0, amounts: [] });
    expect(group(forecast, f.carol.id).undated).toMatchObject({
      deals: 1,
      amounts: [{ currency: 'EUR', amount: '700.0000', weighted: '70.0000' }],
    });
    const alice = group(forecast, f.alice.id);
    expect(alice.overdue.amounts).toEqual([{ currency: 'EUR', amount: '1000.0000', weighted: '300.0000' }]);
    expect(alice.later.amounts).toEqual([{ currency: 'EUR', amount: '100.0000', weighted: '10.0000' }]);
    const lead = forecast.stages.find((s) => s.stageId === f.stages.lead.id)!;
    expect(lead).toMatchObject({ probability: '0.1000', historical: null, fallback: false });
  });

  it('weighs by the historical win rate of each stage, and shows the rates with their counts', async () => {
    const forecast = await env.crm.services.forecasts.compute(f.system, {
      ...base,
      method: 'historical_conversion',
      groupBy: 'owner',
      history: { from: day(0), to: day(10) },
    });
    const rates = Object.fromEntries(forecast.stages.map((s) => [s.name, s.historical]));
    expect(rates).toEqual({
      Lead: { rate: 1 / 3, numerator: 1, denominator: 3 },
      Qualified: { rate: 1 / 2, numerator: 1, denominator: 2 },
      Proposal: { rate: 1, numerator: 1, denominator: 1 },
    });
    expect(group(forecast, f.bob.id).buckets[0]!.amounts).toEqual([
      { currency: 'EUR', amount: '3000.0000', weighted: '3000.0000' },
      { currency: 'USD', amount: '400.0000', weighted: '133.3333' },
    ]);
    const alice = group(forecast, f.alice.id);
    expect(alice.overdue.amounts[0]!.weighted).toBe('500.0000');
    expect(alice.later.amounts[0]!.weighted).toBe('33.3333');
    expect(group(forecast, f.carol.id).undated.amounts[0]!.weighted).toBe('233.3333');
  });

  it('falls back to the stage probability where the history has no decided deal', async () => {
    const forecast = await env.crm.services.forecasts.compute(f.system, {
      ...base,
      method: 'historical_conversion',
      history: { from: day(100), to: day(200) },
    });
    expect(forecast.stages.every((s) => s.fallback && s.factor === s.probability)).toBe(true);
    expect(forecast.groups).toHaveLength(1);
    expect(forecast.groups[0]!.buckets[0]!.amounts[0]).toEqual({
      currency: 'EUR',
      amount: '3000.0000',
      weighted: '1800.0000',
    });
  });

  it('groups by the owner’s department', async () => {
    const forecast = await env.crm.services.forecasts.compute(f.system, { ...base, groupBy: 'department' });
    expect(forecast.groups.map((g) => g.key).sort()).toEqual(
      [f.departments.north, f.departments.support].sort(),
    );
    const north = group(forecast, f.departments.north);
    expect(north.buckets[0]!.deals).toBe(2);
    expect(north.overdue.deals + north.later.deals).toBe(2);
  });

  it('shows an agent the forecast of the deals they may see', async () => {
    const forecast = await env.crm.services.forecasts.compute(f.as(f.alice), { ...base });
    expect(forecast.groups).toHaveLength(1);
    const all = forecast.groups[0]!;
    expect(all.buckets.every((b) => b.deals === 0)).toBe(true);
    expect(all.overdue.deals + all.later.deals + all.undated.deals).toBe(2);
  });

  it('refuses an unknown pipeline and bad input, naming the fields', async () => {
    await expect(
      env.crm.services.forecasts.compute(f.system, {
        ...base,
        pipelineId: '00000000-0000-7000-8000-000000000000',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      env.crm.services.forecasts.compute(f.system, {
        from: '2026-13-01',
        periods: 0,
        period: 'year' as 'month',
        history: { from: day(5), to: day(1) },
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: {
        issues: expect.arrayContaining([
          expect.objectContaining({ path: 'from' }),
          expect.objectContaining({ path: 'periods' }),
          expect.objectContaining({ path: 'period' }),
        ]),
      },
    });
  });
});
