import { createTestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pricingPlugin } from '../src/index.js';
import { type CatalogueFixture, type PricingCrm, seedCatalogue } from './fixture.js';

describe('price resolution for a party', () => {
  let env: PricingCrm;
  let c: CatalogueFixture;
  const resolve = (ctx: CatalogueFixture['ctx'], partyId: string) =>
    env.crm.services.prices.resolve(ctx, {
      partyId,
      currency: 'EUR',
      date: '2026-02-01',
      items: [{ sku: 'PH-1', quantity: 1 }],
    });

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [pricingPlugin] });
    c = await seedCatalogue(env);
    const lists = env.crm.services.priceLists;
    const list = await lists.create(c.ctx, { name: 'Retail EUR', currency: 'EUR', isDefault: true });
    await lists.setPrices(c.ctx, list.id, {
      validFrom: '2026-01-01',
      prices: [{ sku: 'PH-1', unitPrice: '100' }],
    });
  });
  afterAll(() => env?.close());

  it("prices for the party's owner with the country of the party's primary address", async () => {
    const r = await resolve(c.org.as(c.org.alice), c.customers.initech);
    expect([r.country, r.lines[0]?.unitPrice, r.priceLists.map((l) => l.source)]).toEqual([
      'DE',
      '100',
      ['default'],
    ]);
  });

  it('refuses an unknown party as not found, naming it', async () => {
    const unknown = '01900000-0000-7000-8000-000000000000';
    await expect(resolve(c.ctx, unknown)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a party the agent may not see as not allowed', async () => {
    await expect(resolve(c.org.as(c.org.carol), c.customers.globex)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      details: { partyIds: [c.customers.globex] },
    });
  });
});
