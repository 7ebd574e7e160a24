import type { VisitNoteInput } from '@rapport/example-custom-plugin';
import { type DemoStep, requireCrm } from '../demo.js';

const notes: Record<string, VisitNoteInput[]> = {
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

/** Records a few visit notes for each tenant, each in its own transaction. */
export const loadDemoData: DemoStep = {
  title: 'Load demo data',
  async run(demo) {
    const crm = requireCrm(demo);
    for (const { tenant, ctx } of demo.tenants) {
      for (const input of notes[tenant.name] ?? []) await crm.services.visitNotes.record(ctx, input);
      const stored = await crm.services.visitNotes.list(ctx);
      demo.say(`${tenant.name}: ${stored.length} visit notes`);
      for (const note of stored) demo.say(`  [${note.topic}] ${note.customer}: ${note.body}`);
    }
  },
};
