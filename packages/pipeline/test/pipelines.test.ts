import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { PIPELINE_VERSION, pipelinePlugin } from '../src/index.js';
import { type PipelineFixture, pipelineTestCrm, seedPipeline } from './fixture.js';

describe('pipelines and stages', () => {
  let env: Awaited<ReturnType<typeof pipelineTestCrm>>;
  let f: PipelineFixture;
  const pipelines = () => env.crm.services.pipelines;
  const stages = (names: string[]) => [
    ...names.map((name, i) => ({ name, probability: (i + 1) / 10 })),
    { name: 'Won', outcome: 'won' as const },
    { name: 'Lost', outcome: 'lost' as const },
  ];

  beforeAll(async () => {
    env = await pipelineTestCrm();
    f = await seedPipeline(env.crm);
  });
  afterAll(() => env?.close());

  it('creates a pipeline with its ordered stages in one call', async () => {
    expect(
      f.pipeline.stages.map((s) => [s.name, s.position, s.probability, s.outcome, s.rottingDays]),
    ).toEqual([
      ['Lead', 0, 0.1, 'open', null],
      ['Qualified', 1, 0.3, 'open', null],
      ['Proposal', 2, 0.6, 'open', 14],
      ['Won', 3, 1, 'won', null],
      ['Lost', 4, 0, 'lost', null],
    ]);
    expect(await pipelines().get(f.as(f.alice), f.pipeline.id)).toEqual(f.pipeline);
  });

  it('refuses an invalid pipeline with typed errors naming the fields, and writes nothing', async () => {
    const error = await pipelines()
      .create(f.system, {
        name: '',
        currency: 'euros',
        stages: [
          { name: 'A', probability: 1.5 },
          { name: 'a', probability: 0.2 },
          { name: 'W', outcome: 'won', probability: 0.5 },
          { name: 'X', outcome: 'open' },
        ],
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_DATA' });
    const paths = (error as { details: { issues: { path: string }[] } }).details.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'name',
        'currency',
        'stages.0.probability',
        'stages.2.probability',
        'stages.3.probability',
      ]),
    );
    await expect(
      pipelines().create(f.system, {
        name: 'No lost',
        stages: [
          { name: 'A', probability: 0.1 },
          { name: 'W', outcome: 'won' },
          { name: 'B', probability: 0.2 },
        ],
      }),
    ).rejects.toMatchObject({ code: 'INVALID_DATA', message: expect.stringContaining('stages') });
    await expect(
      pipelines().create(f.system, { name: 'sales', stages: stages(['A']) }),
    ).rejects.toMatchObject({
      code: 'DUPLICATE',
    });
    expect((await pipelines().list(f.system)).map((p) => p.name)).toEqual(['Sales']);
  });

  it('adds a stage at a position, moving the later ones down in one statement', async () => {
    const p = await pipelines().create(f.system, { name: 'Add', stages: stages(['A', 'C']) });
    const after = await pipelines().addStage(f.as(f.manager), p.id, {
      stage: { name: 'B', probability: 0.15 },
      position: 1,
    });
    expect(after.stages.map((s) => [s.name, s.position])).toEqual([
      ['A', 0],
      ['B', 1],
      ['C', 2],
      ['Won', 3],
      ['Lost', 4],
    ]);
    await expect(
      pipelines().addStage(f.system, p.id, { stage: { name: 'b', probability: 0.2 } }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
    });
  });

  it('reorders the active stages, and refuses an order that is not a permutation', async () => {
    const p = await pipelines().create(f.system, { name: 'Reorder', stages: stages(['A', 'B']) });
    const ids = p.stages.map((s) => s.id);
    const after = await pipelines().reorderStages(f.system, p.id, [ids[1]!, ids[0]!, ids[2]!, ids[3]!]);
    expect(after.stages.map((s) => s.name)).toEqual(['B', 'A', 'Won', 'Lost']);
    await expect(pipelines().reorderStages(f.system, p.id, [ids[0]!, ids[1]!])).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'stageIds' })] },
    });
  });

  it('changes a stage, but not the outcome of a stage that deals sit in', async () => {
    const p = await pipelines().create(f.system, { name: 'Change', stages: stages(['A', 'B']) });
    const [a, b] = p.stages;
    const renamed = await pipelines().updateStage(f.system, a!.id, {
      name: 'Alpha',
      probability: 0.25,
      rottingDays: 7,
    });
    expect(renamed).toMatchObject({ name: 'Alpha', probability: 0.25, rottingDays: 7, outcome: 'open' });
    await env.crm.services.deals.create(f.system, {
      pipelineId: p.id,
      title: 'Sits in B',
      customerId: f.customers.globex,
      ownerId: f.alice.id,
      stageId: b!.id,
    });
    await expect(pipelines().updateStage(f.system, b!.id, { outcome: 'won' })).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { deals: 1 },
    });
    await expect(
      pipelines().updateStage(f.system, a!.id, { outcome: 'won', probability: 0.5 }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'probability' })] },
    });
  });

  it('archives a stage only when no open deal sits in it, keeping its history and closing up positions', async () => {
    const p = await pipelines().create(f.system, { name: 'Archive', stages: stages(['A', 'B', 'C']) });
    const [a, b] = p.stages;
    const deal = await env.crm.services.deals.create(f.system, {
      pipelineId: p.id,
      title: 'Passes B',
      customerId: f.customers.globex,
      ownerId: f.alice.id,
      stageId: b!.id,
    });
    await expect(pipelines().archiveStage(f.system, b!.id)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { openDeals: 1 },
      message: expect.stringContaining('1 open deal'),
    });
    await env.crm.services.deals.move(f.system, deal.id, { stageId: a!.id });
    const after = await pipelines().archiveStage(f.system, b!.id);
    expect(after.stages.map((s) => [s.name, s.position, s.archivedAt === null])).toEqual([
      ['A', 0, true],
      ['C', 1, true],
      ['Won', 2, true],
      ['Lost', 3, true],
      ['B', null, false],
    ]);
    expect((await env.crm.services.deals.stageHistory(f.system, deal.id)).map((c) => c.toStageId)).toEqual([
      b!.id,
      a!.id,
    ]);
    await expect(env.crm.services.deals.move(f.system, deal.id, { stageId: b!.id })).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'stageId', code: 'archived' })] },
    });
    const won = after.stages.find((s) => s.name === 'Won')!;
    await expect(pipelines().archiveStage(f.system, won.id)).rejects.toMatchObject({ code: 'INVALID_DATA' });
  });

  it('archives a pipeline only without open deals', async () => {
    await env.crm.services.deals.create(f.system, {
      pipelineId: f.pipeline.id,
      title: 'Keeps Sales open',
      customerId: f.customers.globex,
      ownerId: f.alice.id,
    });
    await expect(pipelines().archive(f.system, f.pipeline.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    const empty = await pipelines().create(f.system, { name: 'Empty', stages: stages(['A']) });
    const archived = await pipelines().archive(f.system, empty.id);
    expect(archived.archivedAt).toBeInstanceOf(Date);
    expect((await pipelines().list(f.system)).map((p) => p.id)).not.toContain(empty.id);
    expect((await pipelines().list(f.system, { includeArchived: true })).map((p) => p.id)).toContain(
      empty.id,
    );
  });
});

describe('the package', () => {
  it('declares the version of its package.json', () => {
    expect(pipelinePlugin.version).toBe(pkg.version);
    expect(PIPELINE_VERSION).toBe(pkg.version);
  });
});

describe('seedPipeline from @rapport/pipeline/testing', () => {
  it('opens four deals in their stages for their owners when asked for deals', async () => {
    await using env = await pipelineTestCrm();
    const f = await seedPipeline(env.crm, { name: 'Seeded', deals: true });
    const { globex, initech, umbrella, hooli } = f.deals;
    expect(
      [globex, initech, umbrella, hooli].map((d) => [d.stageId, d.ownerId, d.amount, d.currency]),
    ).toEqual([
      [f.stages.lead.id, f.alice.id, '1000', 'EUR'],
      [f.stages.proposal.id, f.alice.id, '5000', 'EUR'],
      [f.stages.qualified.id, f.bob.id, '2500', 'EUR'],
      [f.stages.lead.id, f.carol.id, '800', 'EUR'],
    ]);
    const alices = await env.crm.services.deals.list(f.as(f.alice));
    expect(alices.items.map((d) => d.id).sort()).toEqual([globex.id, initech.id].sort());
  });
});
