import { describePluginConformance } from '@rapport/testing/conformance';
import { documentsPlugin } from '../src/index.js';

describePluginConformance({
  plugin: documentsPlugin,
  async seed({ crm, org, partyId, owner }) {
    await crm.services.documents.defineType(org.system, { key: 'letter', name: 'Letter' });
    await crm.services.documents.create(org.system, {
      type: 'letter',
      title: 'Conformance letter',
      direction: 'outgoing',
      parties: [{ partyId }],
      ownerId: owner.id,
      content: { filename: 'a.txt', contentType: 'text/plain', bytes: Buffer.from('a letter') },
    });
  },
  list: async (crm, ctx) => (await crm.services.documents.list(ctx, {})).items,
});
