import { describePluginConformance } from '@rapport/testing/conformance';
import { pipelinePlugin } from '../src/index.js';

describePluginConformance({
  plugin: pipelinePlugin,
  async seed({ crm, org, partyId, owner }) {
    const existing = await crm.services.pipelines.list(org.system);
    const pipeline =
      existing[0] ??
      (await crm.services.pipelines.create(org.system, {
        name: 'Conformance',
        currency: 'EUR',
        stages: [
          { name: 'Open', probability: 0.5 },
          { name: 'Won', outcome: 'won' },
          { name: 'Lost', outcome: 'lost' },
        ],
      }));
    // A deal of the party as customer, and one of another customer with the party as contact person.
    await crm.services.deals.create(org.system, {
      pipelineId: pipeline.id,
      title: 'Conformance deal',
      customerId: partyId,
      ownerId: owner.id,
      source: 'fair',
    });
    const { party: other } = await crm.services.parties.create(org.system, {
      kind: 'organization',
      organizationName: `Other of ${partyId}`,
      ownerId: owner.id,
    });
    await crm.services.deals.create(org.system, {
      pipelineId: pipeline.id,
      title: 'Deal with the party as contact',
      customerId: other.id,
      contacts: [partyId],
      ownerId: owner.id,
    });
  },
  list: async (crm, ctx) => (await crm.services.deals.list(ctx, {})).items,
});
