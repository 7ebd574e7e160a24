import { type DemoStep, partyOf, requireCompany, requireCrm } from '../demo.js';
import { cell, money } from '../print.js';

/**
 * Pricing (`@rapport/pricing`): a manager builds a small catalogue (a category tree, products,
 * declared relations), a price list with a quantity break and a discount, and a tax rate; prices are
 * resolved for a customer; a few sales with lines are recorded (the journal tap projects them into
 * the purchase history); the cross-sell rules are recomputed; suggestions are printed.
 */
export const pricing: DemoStep = {
  title: 'Pricing: catalogue, price list, resolution, cross-sell and upsell',
  async run(demo) {
    const crm = requireCrm(demo);
    const company = requireCompany(demo);
    const boss = company.as(company.staff.manager);
    const { catalogue, priceLists, prices, suggestions, associationRules, journal } = crm.services;

    const machines = await catalogue.createCategory(boss, { code: 'machines', name: 'Machines' });
    const cnc = await catalogue.createCategory(boss, { code: 'cnc', name: 'CNC', parentId: machines.id });
    const parts = await catalogue.createCategory(boss, { code: 'parts', name: 'Spare parts' });
    const product = (sku: string, name: string, categoryId: string, extra: object = {}) =>
      catalogue.createProduct(boss, { sku, name: { en: name }, categoryId, ...extra });
    const spindle = await product('SP-100', 'CNC spindle 100', cnc.id);
    const spindle2 = await product('SP-200', 'CNC spindle 200', cnc.id);
    const belt = await product('BELT-5', 'Drive belt', parts.id);
    const oil = await product('OIL-1', 'Spindle oil (5 l)', parts.id);
    await catalogue.relate(boss, { productId: belt.id, kind: 'accessory_of', relatedId: spindle.id });
    await catalogue.relate(boss, { productId: spindle2.id, kind: 'successor_of', relatedId: spindle.id });
    demo.say(
      `catalogue: ${[spindle, spindle2, belt, oil].map((p) => p.sku).join(', ')} in Machines › CNC and Spare parts`,
    );

    const list = await priceLists.create(boss, { name: 'Catalogue 2026', currency: 'EUR', isDefault: true });
    const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await priceLists.setPrices(boss, list.id, {
      validFrom: from,
      prices: [
        { sku: 'SP-100', unitPrice: '11800.00' },
        { sku: 'SP-200', unitPrice: '13450.00' },
        { sku: 'BELT-5', unitPrice: '39.90' },
        { sku: 'BELT-5', unitPrice: '34.90', minQuantity: 10 },
        { sku: 'OIL-1', unitPrice: '24.50' },
      ],
    });
    await priceLists.addDiscount(boss, list.id, {
      name: 'Spare parts −5 % from 20',
      categoryId: parts.id,
      percent: 5,
      minQuantity: 20,
    });
    await priceLists.setTaxRate(boss, { taxClass: 'standard', rate: '19', validFrom: from });

    const kessler = partyOf(company, 'kessler').id;
    const quote = await prices.resolve(boss, {
      partyId: kessler,
      currency: 'EUR',
      items: [
        { sku: 'SP-100', quantity: 2 },
        { sku: 'BELT-5', quantity: 24 },
      ],
    });
    for (const line of quote.lines) {
      const discounts = line.discounts.map((d) => `${d.name}: −${d.amount}`).join(', ');
      demo.say(
        `  ${cell(line.sku, 7)} ×${cell(line.quantity, 3)} at ${cell(money(line.unitPrice, 'EUR'), 13)} (from ${line.minQuantity}) net ${cell(money(line.net, 'EUR'), 14)} ${discounts}`,
      );
    }
    demo.say(
      `  total net ${money(quote.totals.net, 'EUR')} + VAT ${money(quote.totals.tax, 'EUR')} = ${money(quote.totals.gross, 'EUR')}`,
    );

    // Sales with lines: the journal's tap writes pricing_sale_line in the same transaction.
    const buyers = ['kessler', 'nordlicht', 'ada', 'jonas'].map((key) => partyOf(company, key).id);
    const baskets = [
      [spindle, belt, oil],
      [spindle, belt],
      [spindle, oil],
      [spindle2, oil],
    ];
    await journal.recordMany(
      boss,
      baskets.map((basket, i) => ({
        type: 'sale',
        parties: [{ partyId: buyers[i]! }],
        amount: `${basket.length * 10}.00`,
        currency: 'EUR',
        data: {
          items: basket.map((p) => ({
            productId: p.id,
            sku: p.sku,
            name: p.sku,
            quantity: 1,
            unitPrice: '10.00',
          })),
        },
      })),
    );
    const { rules } = await associationRules.recompute(boss);
    demo.say(
      `${baskets.length} sales recorded with their lines; ${rules} association rules recomputed in SQL`,
    );

    const ideas = await suggestions.crossSell(boss, { partyId: buyers[2]! });
    for (const idea of ideas) {
      const why = idea.reasons
        .map((r) =>
          r.kind === 'rule' ? `bought together: confidence ${r.confidence}, lift ${r.lift}` : r.kind,
        )
        .join('; ');
      demo.say(`  cross-sell for ${partyOf(company, 'ada').displayName}: ${cell(idea.sku, 7)} ${why}`);
    }
    const better = await suggestions.upsell(boss, { items: [{ sku: 'SP-100' }], currency: 'EUR' });
    for (const idea of better)
      demo.say(
        `  upsell from SP-100: ${idea.sku} (${idea.reasons[0]?.kind}) for ${money(idea.priceDifference, 'EUR')} more`,
      );
  },
};
