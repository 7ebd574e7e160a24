import type { TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deal, FunnelQuery, Pipeline, pipelinePlugin } from '../src/index.js';
import { day, refreshFactsAsAdmin } from './analytics-data.js';
import { adminSql, type PipelineFixture, pipelineTestCrm, seedPipeline } from './fixture.js';
import { comparable, moveAcross, seedVariedDeals } from './funnel-rollup-data.js';

describe('the funnel rollup', () => {
  let env: TestCrm<[typeof pipelinePlugin]>;
  let f: PipelineFixture;
  let partners: Pipeline;
  let deals: Deal[];
  const periods: Array<[number, number]> = [
    [0, 10],
    [0, 90],
    [5, 20],
    [12, 13],
    [30, 45],
  ];

  /** Asserts that the rollup and the per-deal statement give the same funnel for every period. */
  const expectSameFunnels = async (extra: Partial<FunnelQuery> = {}) => {
    for (const [from, to] of periods) {
      const query = { pipelineId: f.pipeline.id, from: day(from), to: day(to), ...extra };
      const rollup = await env.crm.services.funnel.compute(f.system, { ...query, source: 'rollup' });
      const history = await env.crm.services.funnel.compute(f.system, { ...query, source: 'history' });
      expect(rollup.source).toBe('rollup');
      expect(comparable(rollup), `period [${from}, ${to})`).toEqual(comparable(history));
    }
  };

  /** The rollup's rows with a non-zero figure, as text, in key order. */
  const rollupRows = () =>
    adminSql(
      env.database.adminUrl,
      `select concat_ws('|', pipeline_id, entry_day, prev_day, stage_id, currency, deals, open_deals, won_deals, lost_deals,
         moved_out, won_amount, entered, reached_next, reached_won, closed_after, ongoing, lost, amount, base_seconds) as row
       from pipeline_funnel_rollup where tenant_id = $1 and entered <> 0
       union all
       select concat_ws('|', pipeline_id, entry_day, prev_day, stage_id, currency, reason, losses)
       from pipeline_funnel_reason_rollup where tenant_id = $1 and losses <> 0
       order by 1`,
      [f.tenantId],
    );

  beforeAll(async () => {
    env = await pipelineTestCrm();
    f = await seedPipeline(env.crm);
    partners = await env.crm.services.pipelines.create(f.system, {
      name: 'Partners',
      currency: 'EUR',
      stages: [
        { name: 'Intro', probability: 0.2 },
        { name: 'Deal', outcome: 'won' },
        { name: 'Gone', outcome: 'lost' },
      ],
    });
    deals = await seedVariedDeals(f, env.database.adminUrl, 40, 16);
    // Out of the pipeline and back (an import; the API keeps deals in their pipeline), and out for good.
    const [away, gone] = deals.filter((d) => d.status === 'open');
    await moveAcross(env.database.adminUrl, away!, partners.stages[0]!, 24 * 50);
    await moveAcross(env.database.adminUrl, away!, f.stages.lead, 24 * 60 + 5);
    await moveAcross(env.database.adminUrl, gone!, partners.stages[0]!, 24 * 55);
  });
  afterAll(() => env?.close());

  it('gives the same funnel as the per-deal statement for a varied history and several periods', async () => {
    await expectSameFunnels();
  });

  it('gives the forecast the same historical rates from the rollup as from the stage history', async () => {
    for (const pipelineId of [f.pipeline.id, undefined]) {
      for (const [from, to] of periods) {
        const query = {
          ...(pipelineId ? { pipelineId } : {}),
          from: '2025-06-01',
          periods: 3,
          period: 'month' as const,
          method: 'historical_conversion' as const,
          groupBy: 'owner' as const,
          history: { from: day(from), to: day(to) },
        };
        const rollup = await env.crm.services.forecasts.compute(f.system, { ...query, source: 'rollup' });
        const history = await env.crm.services.forecasts.compute(f.system, { ...query, source: 'history' });
        expect(rollup.historySource).toBe('rollup');
        expect({ ...rollup, historySource: null }).toEqual({ ...history, historySource: null });
      }
    }
  });

  it('gives the same funnel in one currency', async () => {
    await expectSameFunnels({ currency: 'EUR' });
  });

  it('serves the whole pipeline at UTC midnights and leaves filtered views to the per-deal statement', async () => {
    const whole = { pipelineId: f.pipeline.id, from: day(0), to: day(90) };
    expect((await env.crm.services.funnel.compute(f.system, whole)).source).toBe('rollup');
    const owner = await env.crm.services.funnel.compute(f.system, { ...whole, ownerId: f.alice.id });
    expect(owner.source).toBe('history');
    const agent = await env.crm.services.funnel.compute(f.as(f.alice), whole);
    expect(agent.source).toBe('history');
    const offMidnight = { ...whole, from: new Date(day(0).getTime() + 3_600_000) };
    expect((await env.crm.services.funnel.compute(f.system, offMidnight)).source).toBe('history');
    await expect(
      env.crm.services.funnel.compute(f.system, { ...offMidnight, source: 'rollup' }),
    ).rejects.toMatchObject({ code: 'INVALID_DATA', details: { issues: [{ path: 'source' }] } });
  });

  it('counts a deal that left the pipeline and came back from its first entry in the period', async () => {
    const funnel = await env.crm.services.funnel.compute(f.system, {
      pipelineId: f.pipeline.id,
      from: day(0),
      to: day(90),
    });
    expect(funnel.totals.movedOut).toBe(1);
    await expectSameFunnels();
  });

  it('rebuilding set-based (as at install) gives the same rollup as the incremental maintenance', async () => {
    const incremental = await rollupRows();
    await adminSql(
      env.database.adminUrl,
      `select set_config('app.tenant_id', $1::text, true), pipeline_funnel_refresh($1::uuid, null)`,
      [f.tenantId],
    );
    expect(await rollupRows()).toEqual(incremental);
  });

  it('keeps the funnel when customers are merged', async () => {
    const before = await rollupRows();
    await env.crm.services.merges.merge(f.system, {
      survivorId: f.customers.globex,
      mergedId: f.customers.initech,
    });
    expect(await rollupRows()).toEqual(before);
    await expectSameFunnels();
  });

  it('follows an erasure: the erased customer’s loss reasons count as unknown', async () => {
    await env.crm.services.privacy.erase(f.system, f.customers.umbrella, 'request of the person');
    const funnel = await env.crm.services.funnel.compute(f.system, {
      pipelineId: f.pipeline.id,
      from: day(0),
      to: day(90),
      source: 'rollup',
    });
    const reasons = funnel.stages.flatMap((s) => s.lossReasons.map((r) => r.reason));
    const umbrellaLost = deals.some((d) => d.customerId === f.customers.umbrella && d.status === 'lost');
    if (umbrellaLost) expect(reasons).toContain(null);
    await expectSameFunnels();
  });

  it('follows a reorder of the stages, which changes what "further along" means', async () => {
    const { lead, qualified, proposal, won, lost } = f.stages;
    await env.crm.services.pipelines.reorderStages(f.system, f.pipeline.id, [
      lead.id,
      proposal.id,
      qualified.id,
      won.id,
      lost.id,
    ]);
    await expectSameFunnels();
  });

  it('follows an amended stage history once the deal is refreshed', async () => {
    const deal = deals[3]!;
    await adminSql(
      env.database.adminUrl,
      `update pipeline_stage_change set changed_at = changed_at - interval '3 days' where deal_id = $1`,
      [deal.id],
    );
    await refreshFactsAsAdmin(env.database.adminUrl, [deal.id]);
    await expectSameFunnels();
  });

  it('loses no update when agents move deals of the same day and stages at once, while the stages are reordered', async () => {
    const created = await Promise.all(
      [f.alice, f.bob, f.alice, f.bob, f.alice, f.bob].map((owner, i) =>
        env.crm.services.deals.create(f.system, {
          pipelineId: f.pipeline.id,
          title: `Parallel ${i}`,
          customerId: f.customers.hooli,
          ownerId: owner.id,
          amount: '100',
        }),
      ),
    );
    const { lead, qualified, proposal, won, lost } = f.stages;
    const orders = [
      [lead.id, qualified.id, proposal.id, won.id, lost.id],
      [lead.id, proposal.id, qualified.id, won.id, lost.id],
      [lead.id, qualified.id, proposal.id, won.id, lost.id],
    ];
    for (const [i, stage] of [qualified, proposal, lead].entries()) {
      // A reorder (which rebuilds the pipeline's facts) races the moves.
      await Promise.all([
        ...created.map((d) => env.crm.services.deals.move(f.system, d.id, { stageId: stage.id })),
        env.crm.services.pipelines.reorderStages(f.system, f.pipeline.id, orders[i]!),
      ]);
    }
    await Promise.all(
      created.map((d, i) =>
        i % 2
          ? env.crm.services.deals.win(f.system, d.id, { reason: 'signed' })
          : env.crm.services.deals.lose(f.system, d.id, { reason: 'price' }),
      ),
    );
    const today = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
    const query = { pipelineId: f.pipeline.id, from: today, to: new Date(today.getTime() + 86_400_000) };
    const rollup = await env.crm.services.funnel.compute(f.system, { ...query, source: 'rollup' });
    const history = await env.crm.services.funnel.compute(f.system, { ...query, source: 'history' });
    expect(rollup.totals).toMatchObject({ deals: 6, won: 3, lost: 3 });
    expect(comparable(rollup)).toEqual(comparable(history));
  });
});
