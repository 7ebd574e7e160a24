import { JOB_QUEUE } from '@rapport/core/plugin';
import { drainJobs } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pricingPlugin } from '../src/index.js';
import { type CatalogueFixture, type PricingCrm, pricingTestCrm, seedCatalogue } from './fixture.js';

/**
 * Five orders (sale entries), hand-computed:
 *   O1 phone, case · O2 phone, case, charger · O3 phone, charger · O4 case · O5 phone pro, charger
 *   (plus a refund and a voided sale, which are not orders).
 * N = 5; orders with phone 3, case 3, charger 3, phone pro 1.
 *   phone → case:      both 2 → support 2/5 = 0.4, confidence 2/3 = 0.6666666667, lift (2/3)/(3/5) = 10/9 = 1.1111111111
 *   phone → charger:   the same figures (both 2).
 *   phone pro → charger: both 1 → support 0.2, confidence 1/1 = 1, lift 1/(3/5) = 1.6666666667
 *   charger → phone pro: support 0.2, confidence 1/3 = 0.3333333333, lift (1/3)/(1/5) = 1.6666666667
 *   case ↔ charger: both 1 → confidence 1/3, lift (1/3)/(3/5) = 5/9 < 1: dropped (minLift 1).
 */
describe('association rules and suggestions', () => {
  let env: PricingCrm;
  let c: CatalogueFixture;
  const buyers: string[] = [];

  beforeAll(async () => {
    env = await pricingTestCrm(
      pricingPlugin.configure({ rules: { minSupport: 0.2, minConfidence: 0.3, minLift: 1 } }),
    );
    c = await seedCatalogue(env);
    const { phone, phonePro, case: phoneCase, charger } = c.products;
    const orders = [
      [phone, phoneCase],
      [phone, phoneCase, charger],
      [phone, charger],
      [phoneCase],
      [phonePro, charger],
    ];
    for (const [i, products] of orders.entries()) {
      const { party } = await env.crm.services.parties.create(c.ctx, {
        kind: 'person',
        familyName: `Buyer ${i + 1}`,
        ownerId: c.org.alice.id,
      });
      buyers.push(party.id);
      await record('sale', party.id, products);
    }
    await record('refund', buyers[3]!, [phone]);
    const voided = await record('sale', buyers[3]!, [phone, charger]);
    await env.crm.services.journal.void(c.ctx, voided.entry.id, 'never happened');
    await env.crm.services.catalogue.relate(c.ctx, {
      productId: phoneCase,
      kind: 'accessory_of',
      relatedId: phone,
    });
    await env.crm.services.catalogue.relate(c.ctx, {
      productId: phonePro,
      kind: 'successor_of',
      relatedId: phone,
    });
  });
  afterAll(() => env?.close());

  const record = (type: 'sale' | 'refund', partyId: string, productIds: string[]) =>
    env.crm.services.journal.record(c.ctx, {
      type,
      parties: [{ partyId }],
      amount: `${productIds.length}.00`,
      currency: 'EUR',
      data: {
        items: productIds.map((productId) => ({ productId, name: 'Item', quantity: 1, unitPrice: '1.00' })),
      },
    });

  it('computes support, confidence and lift as counted by hand, dropping rules under the minimum lift', async () => {
    expect(await env.crm.services.associationRules.recompute(c.ctx)).toEqual({ rules: 6 });
    const rules = await env.crm.services.associationRules.list(c.ctx);
    const { phone, phonePro, case: phoneCase, charger } = c.products;
    const figures = Object.fromEntries(
      rules.map((r) => [
        `${r.antecedentId}>${r.consequentId}`,
        [r.pairOrders, r.orders, r.support, r.confidence, r.lift],
      ]),
    );
    expect(figures).toEqual({
      [`${phone}>${phoneCase}`]: [2, 5, '0.4', '0.6666666667', '1.1111111111'],
      [`${phone}>${charger}`]: [2, 5, '0.4', '0.6666666667', '1.1111111111'],
      [`${phoneCase}>${phone}`]: [2, 5, '0.4', '0.6666666667', '1.1111111111'],
      [`${charger}>${phone}`]: [2, 5, '0.4', '0.6666666667', '1.1111111111'],
      [`${phonePro}>${charger}`]: [1, 5, '0.2', '1', '1.6666666667'],
      [`${charger}>${phonePro}`]: [1, 5, '0.2', '0.3333333333', '1.6666666667'],
    });
  });

  it('recomputes through the scheduled job, replacing the rules atomically', async () => {
    await env.database.adminQuery('delete from pricing_association_rule');
    expect(await env.crm.services.associationRules.list(c.ctx)).toEqual([]);
    await env.crm.container.resolve(JOB_QUEUE).tick('pricing.compute-rules');
    await drainJobs(env.crm, { names: ['pricing.compute-rules'] });
    expect((await env.crm.services.associationRules.list(c.ctx)).length).toBe(6);
  });

  it('suggests for a customer what they do not have, declared relations first, each with its reasons', async () => {
    await env.crm.services.associationRules.recompute(c.ctx);
    // Buyer 3 has a phone and a charger.
    const ideas = await env.crm.services.suggestions.crossSell(c.ctx, { partyId: buyers[2]! });
    expect(ideas.map((s) => s.sku)).toEqual(['CASE-1', 'PH-2']);
    expect(ideas[0]?.reasons).toEqual([
      { kind: 'accessory_of', fromProductId: c.products.phone },
      {
        kind: 'rule',
        fromProductId: c.products.phone,
        support: '0.4',
        confidence: '0.6666666667',
        lift: '1.1111111111',
      },
    ]);
    expect(ideas[1]?.reasons).toEqual([
      {
        kind: 'rule',
        fromProductId: c.products.charger,
        support: '0.2',
        confidence: '0.3333333333',
        lift: '1.6666666667',
      },
    ]);
  });

  it('suggests for items (a basket) by SKU, and names an unknown one', async () => {
    const ideas = await env.crm.services.suggestions.crossSell(c.ctx, { items: [{ sku: 'PH-2' }] });
    expect(ideas.map((s) => s.sku)).toEqual(['CHG-1']);
    const error = await env.crm.services.suggestions
      .crossSell(c.ctx, { items: [{ sku: 'PH-2' }, { sku: 'NOPE' }] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_DATA', details: { issues: [{ path: 'items.1.sku' }] } });
  });

  it('upsells successors, then dearer products of the same category, with the price difference', async () => {
    const list = await env.crm.services.priceLists.create(c.ctx, {
      name: 'Retail',
      currency: 'EUR',
      isDefault: true,
    });
    const cheap = await env.crm.services.catalogue.createProduct(c.ctx, {
      sku: 'PH-0',
      name: 'Phone Lite',
      categoryId: c.categories.smartphones,
    });
    const plus = await env.crm.services.catalogue.createProduct(c.ctx, {
      sku: 'PH-1P',
      name: 'Phone Plus',
      categoryId: c.categories.smartphones,
    });
    await env.crm.services.priceLists.setPrices(c.ctx, list.id, {
      validFrom: '2026-01-01',
      prices: [
        { sku: 'PH-1', unitPrice: '100' },
        { sku: 'PH-2', unitPrice: '150' },
        { sku: cheap.sku, unitPrice: '80' },
        { sku: plus.sku, unitPrice: '120.50' },
      ],
    });
    const ideas = await env.crm.services.suggestions.upsell(c.ctx, {
      items: [{ sku: 'PH-1' }],
      currency: 'EUR',
      date: '2026-02-01',
    });
    expect(
      ideas.map((s) => [s.sku, s.reasons[0]?.kind, s.fromUnitPrice, s.unitPrice, s.priceDifference]),
    ).toEqual([
      ['PH-2', 'successor_of', '100.00', '150.00', '50.00'],
      ['PH-1P', 'same_category', '100.00', '120.50', '20.50'],
    ]);
  });

  it('shows an agent none of the suggestions for a customer they may not see', async () => {
    const error = await env.crm.services.suggestions
      .crossSell(c.org.as(c.org.carol), { partyId: buyers[2]! })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_ALLOWED' });
  });
});
