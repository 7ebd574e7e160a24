import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUOTE_INTEGRATIONS } from '../src/index.js';
import { quotesTestCrm } from './quotes-fixture.js';

describe('quotes priced from the price lists', () => {
  let f: Awaited<ReturnType<typeof quotesTestCrm>>;
  let listId: string;

  beforeAll(async () => {
    f = await quotesTestCrm();
    // Back to pricing's own price resolution (the fixture prices from a fixed table).
    f.env.crm.container.resolve(QUOTE_INTEGRATIONS).priceSource = undefined;
    const lists = f.env.crm.services.priceLists;
    const list = await lists.create(f.org.system, { name: 'Retail EUR', currency: 'EUR', isDefault: true });
    listId = list.id;
    await lists.setPrices(f.org.system, list.id, {
      validFrom: '2020-01-01',
      prices: [
        { sku: 'CHAIR-01', unitPrice: '149.90' },
        { sku: 'DESK-01', unitPrice: '400' },
      ],
    });
    await lists.addDiscount(f.org.system, list.id, { name: 'Desks -10 %', sku: 'DESK-01', percent: 10 });
    await lists.addDiscount(f.org.system, list.id, {
      name: '5 off each chair',
      sku: 'CHAIR-01',
      amount: '5',
    });
    await lists.setTaxRate(f.org.system, { taxClass: 'standard', rate: '19', validFrom: '2020-01-01' });
  });
  afterAll(() => f?.env.close());

  it('takes price, discount and tax from prices.resolve, keeping a single percentage as a percentage', async () => {
    const quote = await f.env.crm.services.quotes.create(f.org.as(f.org.alice), {
      partyId: f.globex,
      currency: 'EUR',
      lines: [
        { sku: 'CHAIR-01', quantity: '4' },
        { sku: 'DESK-01', quantity: '1' },
      ],
    });
    const [chair, desk] = quote.current.lines;
    // 4 × 149.90 = 599.60, less 4 × 5 = 20 → 579.60; tax 19 % = 110.124 → 110.12.
    expect(chair).toMatchObject({
      unitPrice: '149.9',
      priceListId: listId,
      discountPercent: null,
      discount: '20.00',
      net: '579.60',
      tax: '110.12',
      gross: '689.72',
    });
    // 400 less 10 % = 360; tax 68.40.
    expect(desk).toMatchObject({ discountPercent: '10', discount: '40.00', net: '360.00', gross: '428.40' });
    expect(quote.current).toMatchObject({ net: '939.60', tax: '178.52', gross: '1118.12' });
  });

  it('asks for a price by hand for a product without one, naming the line', async () => {
    const error = await f.env.crm.services.quotes
      .create(f.org.as(f.org.alice), {
        partyId: f.globex,
        currency: 'EUR',
        lines: [
          { sku: 'CHAIR-01', quantity: '1' },
          { sku: 'NOPRICE-01', quantity: '1' },
        ],
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'lines.1.unitPrice', code: 'no_price' })] },
    });
    const quote = await f.env.crm.services.quotes.create(f.org.as(f.org.salesManager), {
      partyId: f.globex,
      ownerId: f.org.alice.id,
      currency: 'EUR',
      lines: [
        { sku: 'CHAIR-01', quantity: '1' },
        { sku: 'NOPRICE-01', quantity: '1', unitPrice: '80', reason: 'priced on request' },
      ],
    });
    expect(quote.current.lines.map((l) => [l.manual, l.listUnitPrice, l.net])).toEqual([
      [false, '149.9', '144.90'],
      [true, null, '80.00'],
    ]);
  });
});
