import { describePluginConformance } from '@rapport/testing/conformance';
import { visitNotesPlugin } from '../src/index.js';

// Core checks the declared participation of visit notes: merges, privacy, hand-over, visibility.
describePluginConformance({
  plugin: visitNotesPlugin,
  async seed({ crm, org, partyId, owner }) {
    // Written by the owner (so the follow-up is the owner's open work), about the seeded customer.
    await crm.services.visitNotes.record(org.as(owner), {
      customerId: partyId,
      topic: 'General',
      body: 'Visited; wants a call back',
      followUp: true,
    });
  },
  list: (crm, ctx) => crm.services.visitNotes.list(ctx),
});
