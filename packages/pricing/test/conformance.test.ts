import { describePluginConformance } from '@rapport/testing/conformance';
import { pricingPlugin } from '../src/index.js';
import { useTestCatalogue } from './quotes-fixture.js';

describePluginConformance({
  plugin: pricingPlugin,
  async seed({ crm, org, partyId, owner }) {
    useTestCatalogue(crm);
    const quote = await crm.services.quotes.create(org.system, {
      partyId,
      ownerId: owner.id,
      currency: 'EUR',
      terms: 'Payable in 30 days',
      lines: [{ sku: 'CHAIR-01', quantity: '2' }],
    });
    await crm.services.quotes.send(org.system, quote.id);
  },
  list: async (crm, ctx) => crm.services.quotes.list(ctx, {}),
});
