import type { JournalEntry } from '@rapport/core';
import { type DemoStep, partyOf, requireCompany, requireCrm } from '../demo.js';
import { daysFromNow, entryLines, when } from '../print.js';

const REMINDER_TIMEOUT_MS = 15_000;

/**
 * Records a realistic history with Ada Berger: emails, calls, a meeting at her company, a visit, a
 * sale with an exact amount, the payment, planned work with reminders, a completed task, and
 * corrections (an amendment and a void: entries are never edited in place). Then prints her timeline.
 */
export const recordJournal: DemoStep = {
  title: 'Journal: the history with a customer',
  async run(demo) {
    const crm = requireCrm(demo);
    const company = requireCompany(demo);
    const { alice, bob } = company.staff;
    const ctx = company.as(alice);
    const { journal, agenda, timeline, activityTypes } = crm.services;
    const ada = partyOf(company, 'ada');
    const kessler = partyOf(company, 'kessler');
    const customer = [{ partyId: ada.id }];

    // A reminder is a durable job: it fires after commit, in a worker, through `activityReminder`.
    let fired: ((entry: JournalEntry) => void) | undefined;
    const reminded = new Promise<JournalEntry>((resolve) => {
      fired = resolve;
    });
    crm.hooks.activityReminder.tapPromise('demo', async (entry) => fired?.(entry));

    await journal.record(ctx, {
      type: 'email',
      direction: 'outbound',
      occurredAt: daysFromNow(-21, 8),
      parties: customer,
      notes: 'Sent the 2027 catalogue and the price list for CNC spindles',
      data: { subject: 'Catalogue 2027', status: 'delivered' },
    });
    const duplicateEmail = await journal.record(ctx, {
      type: 'email',
      direction: 'outbound',
      occurredAt: daysFromNow(-21, 8),
      parties: customer,
      notes: 'Sent the 2027 catalogue (logged twice by mistake)',
      data: { subject: 'Catalogue 2027' },
    });
    const call = await journal.record(ctx, {
      type: 'call_outgoing',
      occurredAt: daysFromNow(-18, 14),
      parties: customer,
      durationSeconds: 240,
      outcome: 'interested in the CNC line',
      notes: 'Wants a demo for the production manager',
      data: { phone: '+491712345678' },
    });
    await journal.record(ctx, {
      type: 'meeting',
      occurredAt: daysFromNow(-14, 9),
      parties: [
        { partyId: ada.id, role: 'customer' },
        { partyId: kessler.id, role: 'account' },
      ],
      durationSeconds: 5400,
      outcome: 'asked for a quote for two spindle units',
      notes: 'Product demo with the production manager; the hall needs measuring',
      data: { title: 'Product demo', location: 'Kessler Maschinenbau, Am Borsigturm 40, Berlin' },
    });
    // Bob's visit is logged by the sales manager: an agent may not record entries in a colleague's
    // name, the colleague's manager may.
    await journal.record(company.as(company.staff.manager), {
      type: 'visit',
      employeeId: bob.id,
      occurredAt: daysFromNow(-10, 11),
      parties: customer,
      notes: 'Measured the hall for the installation; power supply is fine',
      data: { address: 'Am Borsigturm 40, 13507 Berlin' },
    });
    await journal.record(ctx, {
      type: 'sale',
      occurredAt: daysFromNow(-7, 15),
      parties: [{ partyId: ada.id }, { partyId: kessler.id, role: 'account' }],
      amount: '12480.50',
      currency: 'EUR',
      notes: 'Two spindle units with installation',
      data: {
        invoiceNumber: 'INV-2026-0412',
        items: [
          { name: 'CNC spindle unit SP-40', quantity: 2, unitPrice: '5990.25', sku: 'SP-40' },
          { name: 'Installation', quantity: 1, unitPrice: '500.00' },
        ],
      },
    });
    await journal.record(ctx, {
      type: 'payment_received',
      occurredAt: daysFromNow(-2, 12),
      parties: [{ partyId: ada.id }, { partyId: kessler.id, role: 'account' }],
      amount: '12480.50',
      currency: 'EUR',
      data: { method: 'bank_transfer', reference: 'INV-2026-0412' },
    });
    const offer = await journal.record(ctx, {
      type: 'task',
      status: 'planned',
      dueAt: daysFromNow(-1, 16),
      parties: customer,
      data: { title: 'Send the maintenance contract offer' },
    });
    await journal.record(ctx, {
      type: 'call_outgoing',
      status: 'planned',
      dueAt: daysFromNow(3, 9),
      remindMinutesBefore: 60,
      parties: customer,
      notes: 'Ask how the spindles run after the first week',
    });
    const soon = await journal.record(ctx, {
      type: 'task',
      status: 'planned',
      dueAt: new Date(Date.now() + 2 * 60_000),
      remindMinutesBefore: 5,
      parties: customer,
      data: { title: 'Confirm the training date with Ada' },
    });

    demo.say('corrections are new entries; the originals stay in the trail:');
    const amended = await journal.amend(ctx, call.entry.id, {
      durationSeconds: 540,
      reason: 'the call took 9 minutes, not 4',
    });
    const trail = await journal.trail(ctx, amended.id);
    demo.say(
      `  amended the call: ${trail.map((e) => `${e.durationSeconds} s${e.supersededBy ? ' (superseded)' : ' (current)'}`).join(' → ')}`,
    );
    await journal.void(ctx, duplicateEmail.entry.id, 'logged twice');
    demo.say('  voided the email logged twice');
    const done = await agenda.complete(ctx, offer.entry.id, {
      outcome: 'offer sent',
      notes: 'Maintenance contract offer sent by email, 1 year, 2 visits',
    });
    demo.say(`  completed the task "${done.data.title}": ${done.status}, outcome "${done.outcome}"`);

    const started = Date.now();
    const reminder = await Promise.race([
      reminded,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('The reminder did not fire in time')), REMINDER_TIMEOUT_MS).unref(),
      ),
    ]);
    if (reminder.id !== soon.entry.id) throw new Error(`A reminder fired for another entry: ${reminder.id}`);
    demo.say(
      `reminder fired by a worker after ${Date.now() - started} ms: "${reminder.data.title}" for ${company.nameOf(reminder.assigneeId)}, due ${when(reminder.dueAt)}`,
    );

    const label = (type: string) => activityTypes.get(type)?.label ?? type;
    const page = await timeline.timeline(ctx, ada.id, { limit: 20 });
    demo.say('');
    demo.say(`timeline of ${ada.displayName}, newest first (${page.items.length} entries, corrected view):`);
    for (const entry of page.items)
      for (const line of entryLines(entry, label(entry.type), company.nameOf)) demo.say(`  ${line}`);

    const agendaItems = await agenda.agenda(ctx);
    demo.say(`Alice's agenda: ${agendaItems.map((e) => `${when(e.dueAt)} ${label(e.type)}`).join('; ')}`);
    const searched = await timeline.timeline(ctx, ada.id, { search: 'spindle' });
    demo.say(`search "spindle" in Ada's notes: ${searched.items.length} entries`);
    const related = await timeline.timeline(ctx, kessler.id, { includeRelated: true });
    demo.say(
      `Kessler's timeline with its people (includeRelated): ${related.items.length} entries; the sale is ${related.items.find((e) => e.type === 'sale')?.amount} EUR`,
    );
  },
};
