import { describePluginConformance } from '@rapport/testing/conformance';
import { analyticsPlugin } from '../src/index.js';

let serial = 0;

describePluginConformance({
  plugin: analyticsPlugin,
  async seed({ crm, org, partyId, owner }) {
    serial += 1;
    await crm.services.reports.save(org.as(owner), {
      name: `Sales by agent ${serial}`,
      analysis: 'query',
      definition: { measures: ['revenue'], dimensions: ['employee'], filters: { period: { last: 'month' } } },
    });
    // A sale makes the party a customer with revenue: a saved ABC classification lists it as a member.
    const at = new Date(Date.now() - 86_400_000);
    await crm.services.journal.record(org.system, {
      type: 'sale',
      parties: [{ partyId }],
      employeeId: owner.id,
      occurredAt: at,
      amount: '100.00',
      currency: 'EUR',
    });
    await crm.services.customerClasses.saveAbc(org.system, {
      name: `Conformance ABC ${serial}`,
      query: {
        filters: {
          period: { from: new Date(at.getTime() - 1000), to: new Date() },
          currency: 'EUR',
          partyIds: [partyId],
        },
      },
      segments: false,
    });
  },
  list: async (crm, ctx) => crm.services.reports.list(ctx),
});
