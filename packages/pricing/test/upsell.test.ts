import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogueFixture, type PricingCrm, pricingTestCrm, seedCatalogue } from './fixture.js';

/**
 * A hand-computed tablet catalogue (default list, EUR; net unit prices at quantity 1):
 *   TB-A 100 · TB-B 120 · TB-C 115 · TB-D 105 (archived) · TB-E (no price) · TB-F 130 · TB-G 140
 *   TB-H 99 · TB-S 300 (successor of TB-A) · TB-L 95 (TB-A is declared an alternative to it)
 *   ACC-01…ACC-11 at 10 each, another category.
 * Globex bought TB-A first, then the eleven accessories, then TB-F (13 products).
 *   successor: TB-S (300 − 100 = 200) · alternative: TB-L (95 − 100 = −5)
 *   same category, dearer than what was bought, smallest step first:
 *     TB-G from TB-F 10 (from TB-A it would be 40) · TB-C from TB-A 15 · TB-B from TB-A 20
 *   left out: TB-D archived, TB-E unpriced, TB-H cheaper, TB-F and TB-A bought; no dearer accessory.
 * Globex's own list (priority 10) sells TB-B at 112: its step becomes 12, before TB-C's 15.
 * Initech bought TB-A six years ago (beyond the 60-month look-back) and TB-F today: from TB-F only,
 *   TB-G (10) and TB-S (300 − 130 = 170, now only a dearer tablet); never TB-A.
 */
describe('upsell from the whole purchase history', () => {
  let env: PricingCrm;
  let c: CatalogueFixture;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    env = await pricingTestCrm();
    c = await seedCatalogue(env);
    const catalogue = env.crm.services.catalogue;
    const tablets = await catalogue.createCategory(c.ctx, { code: 'tabs', name: 'Tablets' });
    const gear = await catalogue.createCategory(c.ctx, { code: 'gear', name: 'Gear' });
    const accessories = Array.from({ length: 11 }, (_, i) => `ACC-${String(i + 1).padStart(2, '0')}`);
    for (const sku of ['TB-A', 'TB-B', 'TB-C', 'TB-D', 'TB-E', 'TB-F', 'TB-G', 'TB-H', 'TB-S', 'TB-L'])
      id[sku] = (await catalogue.createProduct(c.ctx, { sku, name: sku, categoryId: tablets.id })).id;
    for (const sku of accessories)
      id[sku] = (await catalogue.createProduct(c.ctx, { sku, name: sku, categoryId: gear.id })).id;
    await catalogue.archiveProduct(c.ctx, id['TB-D']!);
    await catalogue.relate(c.ctx, { productId: id['TB-S']!, kind: 'successor_of', relatedId: id['TB-A']! });
    await catalogue.relate(c.ctx, { productId: id['TB-A']!, kind: 'alternative_to', relatedId: id['TB-L']! });
    const retail = await env.crm.services.priceLists.create(c.ctx, {
      name: 'Retail',
      currency: 'EUR',
      isDefault: true,
    });
    const prices = { 'TB-A': '100', 'TB-B': '120', 'TB-C': '115', 'TB-D': '105', 'TB-F': '130' };
    const more = { 'TB-G': '140', 'TB-H': '99', 'TB-S': '300', 'TB-L': '95' };
    await env.crm.services.priceLists.setPrices(c.ctx, retail.id, {
      validFrom: '2020-01-01',
      prices: [
        ...Object.entries({ ...prices, ...more }).map(([sku, unitPrice]) => ({ sku, unitPrice })),
        ...accessories.map((sku) => ({ sku, unitPrice: '10' })),
      ],
    });
    await buy(c.customers.globex, ['TB-A'], '2026-01-01T10:00:00Z');
    for (const [i, sku] of accessories.entries())
      await buy(c.customers.globex, [sku], `2026-02-${String(i + 1).padStart(2, '0')}T10:00:00Z`);
    await buy(c.customers.globex, ['TB-F']);
    const sixYearsAgo = new Date(Date.now() - 6 * 366 * 86_400_000).toISOString();
    await buy(c.customers.initech, ['TB-A'], sixYearsAgo);
    await buy(c.customers.initech, ['TB-F']);
  });
  afterAll(() => env?.close());

  const buy = (partyId: string, skus: string[], occurredAt?: string) =>
    env.crm.services.journal.record(c.ctx, {
      type: 'sale',
      parties: [{ partyId }],
      amount: '1.00',
      currency: 'EUR',
      ...(occurredAt ? { occurredAt } : {}),
      data: {
        items: skus.map((sku) => ({ productId: id[sku]!, name: sku, quantity: 1, unitPrice: '1.00' })),
      },
    });

  const summary = (ideas: Awaited<ReturnType<PricingCrm['crm']['services']['suggestions']['upsell']>>) =>
    ideas.map((s) => [
      s.sku,
      s.reasons[0]?.kind,
      s.fromProductId,
      s.fromUnitPrice,
      s.unitPrice,
      s.priceDifference,
    ]);

  it('starts from every product bought, relations first, then the smallest step up in the same category', async () => {
    const ideas = await env.crm.services.suggestions.upsell(c.ctx, {
      partyId: c.customers.globex,
      currency: 'EUR',
    });
    expect(summary(ideas)).toEqual([
      ['TB-S', 'successor_of', id['TB-A'], '100.00', '300.00', '200.00'],
      ['TB-L', 'alternative_to', id['TB-A'], '100.00', '95.00', '-5.00'],
      ['TB-G', 'same_category', id['TB-F'], '130.00', '140.00', '10.00'],
      ['TB-C', 'same_category', id['TB-A'], '100.00', '115.00', '15.00'],
      ['TB-B', 'same_category', id['TB-A'], '100.00', '120.00', '20.00'],
    ]);
  });

  it('gives each suggestion its reason: the relation, or the category and the price difference', async () => {
    const ideas = await env.crm.services.suggestions.upsell(c.ctx, {
      partyId: c.customers.globex,
      currency: 'EUR',
      limit: 3,
    });
    const tablets = (await env.crm.services.catalogue.getProduct(c.ctx, id['TB-A']!)).categoryId;
    expect(ideas.map((s) => s.reasons)).toEqual([
      [{ kind: 'successor_of', fromProductId: id['TB-A'] }],
      [{ kind: 'alternative_to', fromProductId: id['TB-A'] }],
      [{ kind: 'same_category', fromProductId: id['TB-F'], categoryId: tablets, priceDifference: '10.00' }],
    ]);
  });

  it('measures the steps with the prices of the customer’s own list', async () => {
    const own = await env.crm.services.priceLists.create(c.ctx, {
      name: 'Globex',
      currency: 'EUR',
      priority: 10,
    });
    await env.crm.services.priceLists.setPrices(c.ctx, own.id, {
      validFrom: '2020-01-01',
      prices: [{ sku: 'TB-B', unitPrice: '112' }],
    });
    await env.crm.services.priceLists.assign(c.ctx, own.id, { partyId: c.customers.globex });
    const ideas = await env.crm.services.suggestions.upsell(c.ctx, {
      partyId: c.customers.globex,
      currency: 'EUR',
    });
    expect(summary(ideas).map(([sku, , , , , difference]) => [sku, difference])).toEqual([
      ['TB-S', '200.00'],
      ['TB-L', '-5.00'],
      ['TB-G', '10.00'],
      ['TB-B', '12.00'],
      ['TB-C', '15.00'],
    ]);
  });

  it('starts only from purchases inside the look-back, and still never suggests an older one', async () => {
    const ideas = await env.crm.services.suggestions.upsell(c.ctx, {
      partyId: c.customers.initech,
      currency: 'EUR',
    });
    expect(summary(ideas)).toEqual([
      ['TB-G', 'same_category', id['TB-F'], '130.00', '140.00', '10.00'],
      ['TB-S', 'same_category', id['TB-F'], '130.00', '300.00', '170.00'],
    ]);
  });

  it('refuses an agent the upsell of a customer they may not see', async () => {
    const error = await env.crm.services.suggestions
      .upsell(c.org.as(c.org.carol), { partyId: c.customers.globex, currency: 'EUR' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_ALLOWED' });
  });
});
