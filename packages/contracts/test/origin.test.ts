import { pipelinePlugin } from '@rapport/pipeline';
import { type PriceQuote, pricingPlugin, QUOTE_INTEGRATIONS } from '@rapport/pricing';
import { beforeAll, describe, expect, it } from 'vitest';
import { supportContract, useContractsSuite } from './fixture.js';

const CHAIR: PriceQuote = {
  unitPrice: '149.90',
  discountPercent: null,
  discount: '0',
  taxRate: '19',
  priceListId: null,
};
const UNKNOWN = '018f0000-0000-7000-8000-000000000000';

describe('the deal and quote a contract came from', () => {
  const t = useContractsSuite([pipelinePlugin, pricingPlugin]);
  const contracts = () => t.env.crm.services.contracts;
  /** A deal and a quote on Globex (Alice's customer), owned by Alice. */
  let deal: string;
  let quote: string;

  beforeAll(async () => {
    const { crm } = t.env;
    crm.container.resolve(QUOTE_INTEGRATIONS).priceSource = async (_tx, request) =>
      request.items.map(() => CHAIR);
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
    await crm.services.catalogue.createProduct(t.f.system, { sku: 'CHAIR-01', name: 'Chair' });
    quote = (
      await crm.services.quotes.create(t.f.system, {
        partyId: t.f.customers.globex,
        ownerId: t.f.alice.id,
        currency: 'EUR',
        lines: [{ sku: 'CHAIR-01', quantity: '1' }],
      })
    ).id;
  });

  it('keeps a deal and a quote the actor may see', async () => {
    const c = await contracts().create(
      t.f.as(t.f.alice),
      supportContract(t.f.customers.globex, t.f.alice.id, { dealId: deal, quoteId: quote }),
    );
    expect(c).toMatchObject({ dealId: deal, quoteId: quote });
  });

  it('refuses an unknown deal or quote as invalid data naming dealId / quoteId', async () => {
    const ctx = t.f.as(t.f.alice);
    await expect(
      contracts().create(ctx, supportContract(t.f.customers.globex, t.f.alice.id, { dealId: UNKNOWN })),
    ).rejects.toMatchObject({ code: 'INVALID_DATA', issues: [expect.objectContaining({ path: 'dealId' })] });
    await expect(
      contracts().create(ctx, supportContract(t.f.customers.globex, t.f.alice.id, { quoteId: UNKNOWN })),
    ).rejects.toMatchObject({ code: 'INVALID_DATA', issues: [expect.objectContaining({ path: 'quoteId' })] });
  });

  it('refuses a deal or quote hidden from the actor as not allowed, nothing written', async () => {
    // Bob works Umbrella and cannot see Alice's Globex deal or quote.
    const ctx = t.f.as(t.f.bob);
    const before = (await contracts().list(t.f.system)).items.length;
    await expect(
      contracts().create(ctx, supportContract(t.f.customers.umbrella, t.f.bob.id, { dealId: deal })),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(
      contracts().create(ctx, supportContract(t.f.customers.umbrella, t.f.bob.id, { quoteId: quote })),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    expect((await contracts().list(t.f.system)).items).toHaveLength(before);
  });

  it('checks a deal or quote set by contracts.update the same way', async () => {
    const c = await contracts().create(t.f.as(t.f.bob), supportContract(t.f.customers.umbrella, t.f.bob.id));
    await expect(contracts().update(t.f.as(t.f.bob), c.id, { dealId: UNKNOWN })).rejects.toMatchObject({
      code: 'INVALID_DATA',
      issues: [expect.objectContaining({ path: 'dealId' })],
    });
    await expect(contracts().update(t.f.as(t.f.bob), c.id, { quoteId: quote })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    const linked = await contracts().update(t.f.system, c.id, { dealId: deal });
    expect(linked.dealId).toBe(deal);
  });
});
