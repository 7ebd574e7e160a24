import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deal } from '../src/index.js';
import { type PipelineFixture, pipelineTestCrm, seedPipeline } from './fixture.js';

describe('who may see and change deals', () => {
  let env: Awaited<ReturnType<typeof pipelineTestCrm>>;
  let f: PipelineFixture;
  let other: PipelineFixture;
  let aliceDeal: Deal;
  let bobDeal: Deal;
  let carolDeal: Deal;
  let bobOnAliceCustomer: Deal;
  const deals = () => env.crm.services.deals;

  beforeAll(async () => {
    env = await pipelineTestCrm();
    f = await seedPipeline(env.crm);
    other = await seedPipeline(env.crm, { name: 'Other' });
    const create = (title: string, customerId: string, ownerId: string) =>
      deals().create(f.system, { pipelineId: f.pipeline.id, title, customerId, ownerId });
    aliceDeal = await create('Alice on Globex', f.customers.globex, f.alice.id);
    bobDeal = await create('Bob on Umbrella', f.customers.umbrella, f.bob.id);
    carolDeal = await create('Carol on Hooli', f.customers.hooli, f.carol.id);
    bobOnAliceCustomer = await create('Bob on Initech', f.customers.initech, f.bob.id);
  });
  afterAll(() => env?.close());

  const visibleIds = async (ctx: ReturnType<PipelineFixture['as']>) =>
    new Set((await deals().list(ctx, { limit: 1000 })).items.map((d) => d.id));

  it('an agent sees the deals they own and the deals of customers they may see, not others', async () => {
    const alice = await visibleIds(f.as(f.alice));
    expect(alice.has(aliceDeal.id)).toBe(true);
    expect(alice.has(bobOnAliceCustomer.id)).toBe(true); // Initech is Alice's customer
    expect(alice.has(carolDeal.id)).toBe(false);
    await expect(deals().get(f.as(f.alice), carolDeal.id)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    const carol = await visibleIds(f.as(f.carol));
    expect([...carol]).toEqual([carolDeal.id]);
  });

  it("an agent who owns a deal may see its customer, even when the customer is someone else's", async () => {
    // Bob owns a deal on Alice's Initech: the pipeline widens party visibility to deal owners.
    const party = await env.crm.services.parties.get(f.as(f.bob), f.customers.initech);
    expect(party.id).toBe(f.customers.initech);
    await expect(env.crm.services.parties.get(f.as(f.bob), f.customers.globex)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
  });

  it("a manager sees the deals of their subtree; an admin sees every deal; neither sees another tenant's", async () => {
    const manager = await visibleIds(f.as(f.manager));
    expect(manager.has(aliceDeal.id) && manager.has(bobDeal.id) && manager.has(bobOnAliceCustomer.id)).toBe(
      true,
    );
    expect(manager.has(carolDeal.id)).toBe(false);
    const admin = await visibleIds(f.as(f.admin));
    expect(admin).toEqual(new Set([aliceDeal.id, bobDeal.id, carolDeal.id, bobOnAliceCustomer.id]));
    const foreign = await deals().create(other.system, {
      pipelineId: other.pipeline.id,
      title: 'Foreign',
      customerId: other.customers.globex,
      ownerId: other.alice.id,
    });
    expect(await visibleIds(f.as(f.admin))).not.toContain(foreign.id);
    await expect(deals().get(f.system, foreign.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      deals().create(f.system, {
        pipelineId: other.pipeline.id,
        title: 'Cross-tenant',
        customerId: f.customers.globex,
        ownerId: f.alice.id,
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'pipelineId' })] },
    });
  });

  it('only the owner or a manager may change a deal; a colleague who sees it may not, and nothing changes', async () => {
    await expect(
      deals().move(f.as(f.alice), bobOnAliceCustomer.id, { stageId: f.stages.qualified.id }),
    ).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    await expect(
      deals().move(f.as(f.carol), aliceDeal.id, { stageId: f.stages.qualified.id }),
    ).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    expect((await deals().get(f.as(f.bob), bobOnAliceCustomer.id)).version).toBe(1);
    const moved = await deals().move(f.as(f.manager), bobOnAliceCustomer.id, {
      stageId: f.stages.qualified.id,
    });
    expect(moved.version).toBe(2);
  });

  it('an agent may not create a deal for a customer they cannot see, nor give a deal to someone else', async () => {
    await expect(
      deals().create(f.as(f.alice), {
        pipelineId: f.pipeline.id,
        title: 'Hidden',
        customerId: f.customers.hooli,
      }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(
      deals().create(f.as(f.alice), {
        pipelineId: f.pipeline.id,
        title: 'For Bob',
        customerId: f.customers.globex,
        ownerId: f.bob.id,
      }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(deals().update(f.as(f.alice), aliceDeal.id, { ownerId: f.bob.id })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    const reassigned = await deals().update(f.as(f.manager), aliceDeal.id, { ownerId: f.bob.id });
    expect(reassigned.ownerId).toBe(f.bob.id);
  });

  it('structure changes are for managers and administrators', async () => {
    await expect(
      env.crm.services.pipelines.create(f.as(f.alice), {
        name: 'Mine',
        stages: [
          { name: 'A', probability: 0.5 },
          { name: 'W', outcome: 'won' },
          { name: 'L', outcome: 'lost' },
        ],
      }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(
      env.crm.services.pipelines.archiveStage(f.as(f.alice), f.stages.lead.id),
    ).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    expect((await env.crm.services.pipelines.list(f.as(f.alice))).map((p) => p.name)).toEqual(['Sales']);
  });
  it('someone up the reports-to chain sees the deals of those who report to them, whatever their department', async () => {
    const employees = env.crm.services.employees;
    // Carol (another department) reports to Alice for a while: Alice sees Carol's deals, Bob does not.
    await employees.update(f.system, f.carol.id, { reportsToId: f.alice.id });
    try {
      expect((await visibleIds(f.as(f.alice))).has(carolDeal.id)).toBe(true);
      expect((await deals().get(f.as(f.alice), carolDeal.id)).id).toBe(carolDeal.id);
      expect((await visibleIds(f.as(f.bob))).has(carolDeal.id)).toBe(false);
      expect((await visibleIds(f.as(f.carol))).has(aliceDeal.id)).toBe(false);
      const renamed = await deals().update(f.as(f.alice), carolDeal.id, { title: 'Renamed by Alice' });
      expect(renamed.title).toBe('Renamed by Alice');
      await expect(
        deals().update(f.as(f.carol), aliceDeal.id, { title: 'Renamed by Carol' }),
      ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    } finally {
      await employees.update(f.system, f.carol.id, { reportsToId: null });
    }
    expect((await visibleIds(f.as(f.alice))).has(carolDeal.id)).toBe(false);
  });
});
