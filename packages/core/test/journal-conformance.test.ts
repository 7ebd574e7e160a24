import { journalModule } from '@rapport/core/plugin';
import { describePluginConformance } from '@rapport/testing/conformance';

// Core's journal declares its party links like any plugin; the kit checks them.
describePluginConformance({
  plugin: journalModule,
  plugins: [],
  async seed({ crm, org, partyId, owner }) {
    await crm.services.journal.record(org.as(owner), {
      type: 'call_outgoing',
      parties: [{ partyId }],
      notes: 'conformance call',
    });
  },
});
