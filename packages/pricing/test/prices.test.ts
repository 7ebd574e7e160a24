import { definePlugin, f, RapportError } from '@rapport/core/plugin';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pricingPlugin } from '../src/index.js';
import { type CatalogueFixture, seedCatalogue } from './fixture.js';

/** A loyalty-like plugin: adds the "gold" list for Globex through the `resolvePriceLists` hook. */
const tiers = { goldListId: '', goldParty: '' };
const loyalty = definePlugin({
  name: 'tier-lists',
  version: '1.0.0',
  dependencies: { '@rapport/pricing': '^0.1.0' },
  setup(api) {
    api.tap('resolvePriceLists', async (candidates, request) =>
      request.partyId && request.partyId === tiers.goldParty
        ? [...candidates, { priceListId: tiers.goldListId, source: 'loyalty:gold' }]
        : candidates,
    );
  },
});

describe('price lists and price resolution', () => {
  let env: TestCrm<[typeof pricingPlugin, typeof loyalty]>;
  let c: CatalogueFixture;
  let retail: string;
  const prices = () => env.crm.services.prices;
  const lists = () => env.crm.services.priceLists;

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [pricingPlugin, loyalty] });
    c = await seedCatalogue(env as never);
    const list = await lists().create(c.ctx, { name: 'Retail EUR', currency: 'EUR', isDefault: true });
    retail = list.id;
    await lists().setPrices(c.ctx, retail, {
      validFrom: '2026-01-01',
      prices: [
        { sku: 'PH-1', unitPrice: '199.99' },
        { sku: 'PH-1', unitPrice: '179.99', minQuantity: 10 },
        { sku: 'PH-2', unitPrice: '349.00' },
        { sku: 'CASE-1', unitPrice: '12.345' },
        { sku: 'SRV-1', unitPrice: '50' },
      ],
    });
    await lists().setTaxRate(c.ctx, { taxClass: 'standard', rate: '20', validFrom: '2020-01-01' });
    await lists().setTaxRate(c.ctx, {
      taxClass: 'standard',
      country: 'DE',
      rate: '19',
      validFrom: '2020-01-01',
    });
    await lists().setTaxRate(c.ctx, { taxClass: 'services', rate: '0', validFrom: '2020-01-01' });
  });
  afterAll(() => env?.close());

  it('takes the highest quantity break not above the quantity, and rounds per line then sums', async () => {
    const r = await prices().resolve(c.ctx, {
      currency: 'EUR',
      date: '2026-02-01',
      items: [
        { sku: 'PH-1', quantity: 9 },
        { sku: 'PH-1', quantity: 10 },
        { sku: 'CASE-1', quantity: 3 },
      ],
    });
    // 9 × 199.99 = 1799.91; 10 × 179.99 = 1799.90; 3 × 12.345 = 37.035 → 37.04 (half away from zero).
    expect(r.lines.map((l) => [l.unitPrice, l.minQuantity, l.lineAmount])).toEqual([
      ['199.99', '1', '1799.91'],
      ['179.99', '10', '1799.90'],
      ['12.345', '1', '37.04'],
    ]);
    // Tax 20 %: 359.982 → 359.98; 359.98; 7.408 → 7.41. Totals are sums of the rounded lines.
    expect(r.lines.map((l) => l.tax)).toEqual(['359.98', '359.98', '7.41']);
    expect(r.totals).toEqual({
      lineAmount: '3636.85',
      discount: '0.00',
      net: '3636.85',
      tax: '727.37',
      gross: '4364.22',
    });
    expect(r.lines[0]?.priceListId).toBe(retail);
    expect(r.lines[0]?.priceListSource).toBe('default');
    expect(r.lines[0]?.priceId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('applies discounts of a product, a category subtree and the whole list in order, each with its amount', async () => {
    const list = await lists().create(c.ctx, {
      name: 'Promo',
      currency: 'EUR',
      priority: 5,
      isDefault: true,
    });
    await lists().setPrices(c.ctx, list.id, {
      validFrom: '2026-03-01',
      prices: [{ sku: 'PH-1', unitPrice: '100' }],
    });
    await lists().addDiscount(c.ctx, list.id, {
      name: 'Phones -10 %',
      categoryId: c.categories.phones,
      percent: 10,
      priority: 2,
    });
    await lists().addDiscount(c.ctx, list.id, {
      name: '5 off each from 4',
      sku: 'PH-1',
      amount: '5',
      minQuantity: 4,
      priority: 1,
    });
    await lists().addDiscount(c.ctx, list.id, {
      name: 'Never below 0',
      percent: '100',
      validFrom: '2030-01-01',
    });
    const r = await prices().resolve(c.ctx, {
      currency: 'EUR',
      date: '2026-03-02',
      items: [{ sku: 'PH-1', quantity: 4 }],
    });
    const line = r.lines[0]!;
    // 4 × 100 = 400; category subtree (Smartphones ⊂ Phones) −10 % = 40 → 360; −5 × 4 = 20 → 340.
    expect(line.priceListId).toBe(list.id);
    expect(line.discounts.map((d) => [d.name, d.amount])).toEqual([
      ['Phones -10 %', '40.00'],
      ['5 off each from 4', '20.00'],
    ]);
    expect([line.discount, line.net, line.tax, line.gross]).toEqual(['60.00', '340.00', '68.00', '408.00']);
    // Before the promo list's prices start, the retail price applies again.
    const before = await prices().resolve(c.ctx, {
      currency: 'EUR',
      date: '2026-02-27',
      items: [{ sku: 'PH-1', quantity: 4 }],
    });
    expect(before.lines[0]?.priceListId).toBe(retail);
  });

  it('prefers a list assigned to the party, to a segment it is in, or added by a hook, by priority', async () => {
    const partyList = await lists().create(c.ctx, { name: 'Initech deal', currency: 'EUR', priority: 10 });
    await lists().setPrices(c.ctx, partyList.id, {
      validFrom: '2026-01-01',
      prices: [{ sku: 'PH-2', unitPrice: '300' }],
    });
    await lists().assign(c.ctx, partyList.id, { partyId: c.customers.initech });
    const segment = await env.crm.services.segments.save(c.ctx, {
      name: 'VIPs',
      filter: f.field('tags').has('vip'),
    });
    const vipList = await lists().create(c.ctx, { name: 'VIP', currency: 'EUR', priority: 20 });
    await lists().setPrices(c.ctx, vipList.id, {
      validFrom: '2026-01-01',
      prices: [{ sku: 'PH-2', unitPrice: '320' }],
    });
    await lists().assign(c.ctx, vipList.id, { segmentId: segment.id });
    const gold = await lists().create(c.ctx, { name: 'Gold tier', currency: 'EUR', priority: 30 });
    await lists().setPrices(c.ctx, gold.id, {
      validFrom: '2026-01-01',
      prices: [{ sku: 'SRV-1', unitPrice: '0' }],
    });
    Object.assign(tiers, { goldListId: gold.id, goldParty: c.customers.globex });
    const item = {
      currency: 'EUR',
      date: '2026-04-01',
      items: [
        { sku: 'PH-2', quantity: 1 },
        { sku: 'SRV-1', quantity: 1 },
      ],
    };

    const initech = await prices().resolve(c.ctx, { ...item, partyId: c.customers.initech });
    expect(initech.lines.map((l) => [l.unitPrice, l.priceListSource])).toEqual([
      ['300', 'party'],
      ['50', 'default'],
    ]);
    const globex = await prices().resolve(c.ctx, { ...item, partyId: c.customers.globex });
    expect(globex.lines.map((l) => [l.unitPrice, l.priceListSource])).toEqual([
      ['320', `segment:${segment.id}`],
      ['0', 'loyalty:gold'],
    ]);
    expect(globex.priceLists.map((l) => l.source)).toEqual([
      'loyalty:gold',
      `segment:${segment.id}`,
      'default',
      'default',
    ]);
  });

  it("taxes by the product's tax class and the party's country", async () => {
    const r = await prices().resolve(c.ctx, {
      partyId: c.customers.initech,
      currency: 'EUR',
      date: '2026-02-01',
      items: [
        { sku: 'CASE-1', quantity: 10 },
        { sku: 'SRV-1', quantity: 1 },
      ],
    });
    expect(r.country).toBe('DE');
    // 10 × 12.345 = 123.45; DE 19 % = 23.4555 → 23.46. The service's class is 0 %.
    expect(r.lines.map((l) => [l.taxClass, l.taxRate, l.tax])).toEqual([
      ['standard', '19', '23.46'],
      ['services', '0', '0.00'],
    ]);
  });

  it('rounds to the minor unit of the currency: JPY none, KWD three decimals', async () => {
    const yen = await lists().create(c.ctx, { name: 'Japan', currency: 'JPY', isDefault: true });
    await lists().setPrices(c.ctx, yen.id, {
      validFrom: '2026-01-01',
      prices: [{ sku: 'CASE-1', unitPrice: '1234.5' }],
    });
    const kwd = await lists().create(c.ctx, { name: 'Kuwait', currency: 'KWD', isDefault: true });
    await lists().setPrices(c.ctx, kwd.id, {
      validFrom: '2026-01-01',
      prices: [{ sku: 'CASE-1', unitPrice: '3.1234' }],
    });
    const at = { date: '2026-02-01', items: [{ sku: 'CASE-1', quantity: 3 }] };
    const jp = await prices().resolve(c.ctx, { ...at, currency: 'JPY' });
    const kw = await prices().resolve(c.ctx, { ...at, currency: 'KWD' });
    // 3 × 1234.5 = 3703.5 → 3704 yen; 3 × 3.1234 = 9.3702 → 9.370 dinars.
    expect([jp.minorUnits, jp.lines[0]?.lineAmount]).toEqual([0, '3704']);
    expect([kw.minorUnits, kw.lines[0]?.lineAmount]).toEqual([3, '9.370']);
  });

  it('never rewrites a price: resolving as of an earlier day gives the earlier price row', async () => {
    const list = await lists().create(c.ctx, { name: 'History', currency: 'CHF', isDefault: true });
    const [old] = await lists().setPrices(c.ctx, list.id, {
      validFrom: '2026-01-01',
      prices: [{ sku: 'PH-1', unitPrice: '200' }],
    });
    const [current] = await lists().setPrices(c.ctx, list.id, {
      validFrom: '2026-06-01',
      prices: [{ sku: 'PH-1', unitPrice: '220' }],
    });
    const at = (date: string) =>
      prices().resolve(c.ctx, { currency: 'CHF', date, items: [{ sku: 'PH-1', quantity: 1 }] });
    expect([
      (await at('2026-05-31')).lines[0]?.priceId,
      (await at('2026-05-31')).lines[0]?.unitPrice,
    ]).toEqual([old?.id, '200']);
    expect([
      (await at('2026-06-01')).lines[0]?.priceId,
      (await at('2026-06-01')).lines[0]?.unitPrice,
    ]).toEqual([current?.id, '220']);
    expect(await lists().prices(c.ctx, list.id, { date: '2026-05-31' })).toEqual([
      { ...old, validTo: '2026-06-01' },
    ]);
  });

  it('refuses an unknown SKU or a product without a price with an error naming items.N.sku', async () => {
    const error = await prices()
      .resolve(c.ctx, {
        currency: 'EUR',
        date: '2026-02-01',
        items: [
          { sku: 'PH-1', quantity: 1 },
          { sku: 'NOPE', quantity: 1 },
          { sku: 'CHG-1', quantity: 1 },
        ],
      })
      .catch((e: unknown) => e);
    expect(RapportError.is(error, 'INVALID_DATA')).toBe(true);
    expect((error as RapportError).details.issues).toMatchObject([
      { path: 'items.1.sku', message: 'no product with SKU NOPE' },
      { path: 'items.2.sku' },
    ]);
  });
});
