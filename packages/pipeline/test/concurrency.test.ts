import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSql, type PipelineFixture, pipelineTestCrm, seedPipeline } from './fixture.js';

describe('concurrent changes of one deal', () => {
  let env: Awaited<ReturnType<typeof pipelineTestCrm>>;
  let f: PipelineFixture;
  const deals = () => env.crm.services.deals;

  beforeAll(async () => {
    env = await pipelineTestCrm();
    f = await seedPipeline(env.crm);
  });
  afterAll(() => env?.close());

  const newDeal = () =>
    deals().create(f.as(f.alice), {
      pipelineId: f.pipeline.id,
      title: 'Contended',
      customerId: f.customers.globex,
    });
  const changes = async (dealId: string) =>
    (
      await adminSql<{ n: number }>(
        env.database.adminUrl,
        'select count(*)::int as n from pipeline_stage_change where deal_id = $1',
        [dealId],
      )
    )[0]!.n;

  it('two moves of the same deal at once both apply, one after the other: no lost update', async () => {
    const deal = await newDeal();
    const results = await Promise.allSettled([
      deals().move(f.as(f.alice), deal.id, { stageId: f.stages.qualified.id }),
      deals().move(f.as(f.manager), deal.id, { stageId: f.stages.proposal.id }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const after = await deals().get(f.as(f.alice), deal.id);
    expect(after.version).toBe(3);
    const history = await deals().stageHistory(f.as(f.alice), deal.id);
    expect(history).toHaveLength(3);
    // The second change starts where the first ended: the chain from → to is unbroken.
    expect(history[2]!.fromStageId).toBe(history[1]!.toStageId);
    expect(history[2]!.changedAt.getTime()).toBeGreaterThanOrEqual(history[1]!.changedAt.getTime());
    expect(after.stageId).toBe(history[2]!.toStageId);
  });

  it('the same move twice at once is one stage change (the second sees the fresh state)', async () => {
    const deal = await newDeal();
    await Promise.all([
      deals().move(f.as(f.alice), deal.id, { stageId: f.stages.proposal.id }),
      deals().move(f.as(f.manager), deal.id, { stageId: f.stages.proposal.id }),
    ]);
    expect(await changes(deal.id)).toBe(2);
    expect((await deals().get(f.as(f.alice), deal.id)).version).toBe(2);
  });

  it('with expectedVersion, exactly one of two concurrent moves wins and the other is a conflict', async () => {
    const deal = await newDeal();
    const results = await Promise.allSettled([
      deals().move(f.as(f.alice), deal.id, { stageId: f.stages.qualified.id, expectedVersion: 1 }),
      deals().move(f.as(f.manager), deal.id, { stageId: f.stages.proposal.id, expectedVersion: 1 }),
    ]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatchObject({ code: 'CONFLICT' });
    expect(await changes(deal.id)).toBe(2);
  });

  it('a win racing a loss closes the deal once; the loser gets a conflict', async () => {
    const deal = await newDeal();
    const results = await Promise.allSettled([
      deals().win(f.as(f.alice), deal.id, { reason: 'signed' }),
      deals().lose(f.as(f.manager), deal.id, { reason: 'cancelled' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } });
    expect(await changes(deal.id)).toBe(2);
  });
});
