import { describePluginConformance } from '@rapport/testing/conformance';
import { pricingPlugin } from '../src/index.js';
import { usePrices } from './quotes-fixture.js';

describePluginConformance({
  plugin: pricingPlugin,
  async seed({ crm, org, partyId, owner }) {
    const existing = await crm.services.catalogue.listProducts(org.system, {});
    const product =
      existing[0] ??
      (await crm.services.catalogue.createProduct(org.system, { sku: 'CONF-1', name: 'Conformance' }));
    const lists = await crm.services.priceLists.list(org.system);
    const list =
      lists[0] ??
      (await crm.services.priceLists.create(org.system, { name: 'Conformance', currency: 'EUR' }));
    await crm.services.priceLists.assign(org.system, list.id, { partyId });
    // A sale of the party: the journal tap projects its line into pricing_sale_line.
    await crm.services.journal.record(org.system, {
      type: 'sale',
      parties: [{ partyId }],
      employeeId: owner.id,
      amount: '24.00',
      currency: 'EUR',
      data: { items: [{ sku: product.sku, name: 'Conformance', quantity: 2, unitPrice: '12.00' }] },
    });
    // A sent quote for the party, owned by the owner.
    usePrices(crm);
    if (!existing.some((p) => p.sku === 'CHAIR-01'))
      await crm.services.catalogue.createProduct(org.system, { sku: 'CHAIR-01', name: 'Chair' });
    const quote = await crm.services.quotes.create(org.system, {
      partyId,
      ownerId: owner.id,
      currency: 'EUR',
      terms: 'Payable in 30 days',
      lines: [{ sku: 'CHAIR-01', quantity: '2' }],
    });
    await crm.services.quotes.send(org.system, quote.id);
  },
  list: async (crm, ctx) => [
    ...(await crm.services.saleLines.list(ctx, {})),
    ...(await crm.services.quotes.list(ctx, {})).items,
  ],
});
