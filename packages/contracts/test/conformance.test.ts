import { documentsPlugin } from '@rapport/documents';
import { describePluginConformance } from '@rapport/testing/conformance';
import { contractsPlugin } from '../src/index.js';

describePluginConformance({
  plugin: contractsPlugin,
  plugins: [documentsPlugin, contractsPlugin],
  async seed({ crm, org, partyId, owner }) {
    await crm.services.contracts.create(org.system, {
      partyId,
      ownerId: owner.id,
      subject: 'Conformance contract',
      value: { kind: 'total', amount: '1000', currency: 'EUR' },
      startOn: '2027-01-01',
      endOn: '2027-12-31',
      notes: 'Personal remark about the customer',
    });
  },
  list: async (crm, ctx) => (await crm.services.contracts.list(ctx, {})).items,
});
