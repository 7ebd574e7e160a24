import type { VisitNoteInput } from '@rapport/example-custom-plugin';
import { type DemoStep, requireCrm } from '../demo.js';

type DemoNote = Omit<VisitNoteInput, 'customerId'> & { customer: string };

const notes: Record<string, DemoNote[]> = {
  'Acme Wholesale': [
    {
      customer: 'Hooli',
      topic: 'Order',
      body: 'Reorders 40 pallets every quarter; asked for a volume price.',
    },
    { customer: 'Initech', topic: 'Complaint', body: 'Two deliveries late in March.' },
    { customer: 'Umbrella', topic: 'Demo', body: 'Showed the new catalogue; follow up with the buyer.' },
  ],
  'Globex Retail': [
    { customer: 'Soylent', topic: 'General', body: 'New store manager since May.' },
    { customer: 'Vandelay', topic: 'Order', body: 'Interested in the import range.' },
  ],
};

/**
 * Records a few visit notes for each tenant, each in its own transaction, about customers (parties)
 * created for them; the notes take part in merges, privacy requests and hand-overs as declared.
 */
export const loadDemoData: DemoStep = {
  title: 'Load demo data',
  async run(demo) {
    const crm = requireCrm(demo);
    for (const { tenant, ctx } of demo.tenants) {
      const names = new Map<string, string>();
      for (const { customer, ...input } of notes[tenant.name] ?? []) {
        let customerId = [...names].find(([, name]) => name === customer)?.[0];
        if (!customerId) {
          customerId = (
            await crm.services.parties.create(ctx, { kind: 'organization', organizationName: customer })
          ).party.id;
          names.set(customerId, customer);
        }
        await crm.services.visitNotes.record(ctx, { ...input, customerId });
      }
      const stored = await crm.services.visitNotes.list(ctx);
      demo.say(`${tenant.name}: ${stored.length} visit notes`);
      for (const note of stored)
        demo.say(`  [${note.topic}] ${names.get(note.customerId) ?? note.customerId}: ${note.body}`);
    }
  },
};
