import { pipelinePlugin } from '@rapport/pipeline';
import { beforeAll, describe, expect, it } from 'vitest';
import { supportContract, useContractsSuite } from './fixture.js';

const UNKNOWN = '018f0000-0000-7000-8000-000000000000';

/**
 * The deal a contract came from, with the real `@rapport/pipeline`. The quote side (pricing's
 * `quotes.get`) is tested in pricing's `contract-quote-origin.test.ts`, so that contracts does not
 * depend on pricing, which depends on contracts' types.
 */
describe('the deal a contract came from', () => {
  const t = useContractsSuite([pipelinePlugin]);
  const contracts = () => t.env.crm.services.contracts;
  /** A deal on Globex (Alice's customer), owned by Alice. */
  let deal: string;

  beforeAll(async () => {
    const { crm } = t.env;
    const pipeline = await crm.services.pipelines.create(t.f.system, {
      name: 'Sales',
      currency: 'EUR',
      stages: [
        { name: 'Open', probability: 0.5 },
        { name: 'Won', outcome: 'won' },
        { name: 'Lost', outcome: 'lost' },
      ],
    });
    deal = (
      await crm.services.deals.create(t.f.system, {
        pipelineId: pipeline.id,
        title: 'Support deal',
        customerId: t.f.customers.globex,
        ownerId: t.f.alice.id,
      })
    ).id;
  });

  it('keeps a deal the actor may see', async () => {
    const c = await contracts().create(
      t.f.as(t.f.alice),
      supportContract(t.f.customers.globex, t.f.alice.id, { dealId: deal }),
    );
    expect(c).toMatchObject({ dealId: deal });
  });

  it('refuses an unknown deal as invalid data naming dealId', async () => {
    const ctx = t.f.as(t.f.alice);
    await expect(
      contracts().create(ctx, supportContract(t.f.customers.globex, t.f.alice.id, { dealId: UNKNOWN })),
    ).rejects.toMatchObject({ code: 'INVALID_DATA', issues: [expect.objectContaining({ path: 'dealId' })] });
  });

  it('refuses a deal hidden from the actor as not allowed, nothing written', async () => {
    // Bob works Umbrella and cannot see Alice's Globex deal.
    const ctx = t.f.as(t.f.bob);
    const before = (await contracts().list(t.f.system)).items.length;
    await expect(
      contracts().create(ctx, supportContract(t.f.customers.umbrella, t.f.bob.id, { dealId: deal })),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    expect((await contracts().list(t.f.system)).items).toHaveLength(before);
  });

  it('checks a deal set by contracts.update the same way', async () => {
    const c = await contracts().create(t.f.as(t.f.bob), supportContract(t.f.customers.umbrella, t.f.bob.id));
    await expect(contracts().update(t.f.as(t.f.bob), c.id, { dealId: UNKNOWN })).rejects.toMatchObject({
      code: 'INVALID_DATA',
      issues: [expect.objectContaining({ path: 'dealId' })],
    });
    await expect(contracts().update(t.f.as(t.f.bob), c.id, { dealId: deal })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    const linked = await contracts().update(t.f.system, c.id, { dealId: deal });
    expect(linked.dealId).toBe(deal);
  });
});
