import { pipelinePlugin } from '@rapport/pipeline';
import { type PipelineFixture, seedPipeline } from '@rapport/pipeline/testing';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsPlugin } from '../src/index.js';

describe('the pipeline analyses through analytics', () => {
  let env: TestCrm<[typeof pipelinePlugin, typeof analyticsPlugin]>;
  let f: PipelineFixture;
  const period = () => ({ from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 86_400_000) });

  beforeAll(async () => {
    env = await createTestCrm({
      plugins: [pipelinePlugin, analyticsPlugin] as [typeof pipelinePlugin, typeof analyticsPlugin],
    });
    f = await seedPipeline(env.crm, { deals: true });
  });
  afterAll(() => env?.close());

  it('returns the pipeline’s own funnel, computed by the pipeline', async () => {
    const query = { pipelineId: f.pipeline.id, ...period() };
    const through = await env.crm.services.pipelineAnalyses.funnel(f.system, query);
    const direct = await env.crm.services.funnel.compute(f.system, query);
    // Times in stage run until now and differ by the milliseconds between the calls: compare the rest.
    expect(through.totals).toEqual(direct.totals);
    expect(through.stages.map((s) => [s.stageId, s.entered, s.amounts])).toEqual(
      direct.stages.map((s) => [s.stageId, s.entered, s.amounts]),
    );
    expect(through.totals.deals).toBe(4);
  });

  it('runs the funnel and the stalled deals as saved reports', async () => {
    const funnel = await env.crm.services.reports.save(f.system, {
      name: 'Funnel',
      analysis: 'funnel',
      chart: 'funnel',
      definition: { pipelineId: f.pipeline.id, ...period() },
    });
    const run = await env.crm.services.reports.run(f.system, funnel.id);
    expect(run.result).toMatchObject({ totals: { deals: 4 } });
    const stalled = await env.crm.services.reports.save(f.system, {
      name: 'Stalled',
      analysis: 'stalled',
      definition: { olderThanDays: 30 },
    });
    expect((await env.crm.services.reports.run(f.system, stalled.id)).result).toMatchObject({
      total: { deals: 0 },
    });
  });
});
