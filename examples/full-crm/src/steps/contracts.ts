import { type DemoStep, partyOf, requireCompany, requireCrm } from '../demo.js';
import { refused } from '../print.js';

const CONTRACT_HTML = `<h1>{{document.title}}</h1>
<p>{{document.number}} · {{date document.issuedOn "long"}}</p>
<p>Between Acme Wholesale and {{name party}}: {{contract.subject}},
{{money contract.value.amount contract.value.currency}} per {{contract.value.period}},
from {{date contract.startOn "long"}} to {{date contract.endOn "long"}}; notice {{contract.notice.months}} months.</p>`;

const CONTRACT_PDF = `# {{document.title}}
>> {{document.number}} · {{date document.issuedOn "long"}}

Between **Acme Wholesale** and **{{name party}}**.

| Service | >Monthly fee |
|---|---|
| {{contract.subject}} | >{{money contract.value.amount contract.value.currency}} |

Term: {{date contract.startOn "long"}} to {{date contract.endOn "long"}}, renewed for 12 months
unless notice is given {{contract.notice.months}} months before the end.`;

/**
 * Contracts (`@rapport/contracts`): a maintenance contract for a customer, numbered by documents,
 * its PDF rendered from a template, approved, signed and active — each move on the customer's
 * timeline; a move the lifecycle does not allow is refused; then the daily job, with its clock moved
 * forward, writes the renewal reminder into the owner's agenda and renews the contract on its end date.
 */
export const contractsStep: DemoStep = {
  title: 'Contracts: a contract from a template to PDF, signed, reminders and renewal with a moved clock',
  async run(demo) {
    const crm = requireCrm(demo);
    const company = requireCompany(demo);
    const { manager, alice } = company.staff;
    const { contracts, templates } = crm.services;
    const kessler = partyOf(company, 'kessler');
    templates.register({
      kind: 'document',
      name: 'maintenance-contract',
      locale: 'en',
      parts: { html: CONTRACT_HTML, pdf: CONTRACT_PDF },
    });

    const ctx = company.as(alice);
    const draft = await contracts.create(ctx, {
      partyId: kessler.id,
      subject: 'Spindle maintenance',
      value: { kind: 'recurring', amount: '450.00', currency: 'EUR', period: 'month' },
      startOn: '2027-01-01',
      endOn: '2027-12-31',
      notice: { months: 3 },
      autoRenewal: { renewFor: { months: 12 } },
    });
    const { document } = await contracts.generateDocument(ctx, draft.id, {
      template: 'maintenance-contract',
      locale: 'en-GB',
    });
    demo.say(
      `${draft.number} "${draft.subject}" for ${kessler.displayName}: ${draft.value.amount} ${draft.value.currency}/${draft.value.kind === 'recurring' ? draft.value.period : 'total'}, notice deadline ${draft.noticeOn}; PDF ${document.currentVersion?.filename} (${document.currentVersion?.size} bytes)`,
    );
    await contracts.transition(ctx, draft.id, { to: 'in_approval', reason: 'sent to legal' });
    await contracts.transition(company.as(manager), draft.id, {
      to: 'signed',
      reason: 'signed by both parties',
    });
    const active = await contracts.transition(ctx, draft.id, { to: 'active', reason: 'service started' });
    const wrong = await refused('INVALID_DATA', () => contracts.transition(ctx, active.id, { to: 'draft' }));
    const issue = (wrong.details.issues as Array<{ path: string; message: string }>)[0];
    demo.say(
      `now ${active.status} (version ${active.version}); back to draft is refused: ${issue?.path}: ${issue?.message}`,
    );
    const timeline = await crm.services.timeline.timeline(ctx, kessler.id, {
      subject: { type: 'contract', id: active.id },
    });
    demo.say(
      `on ${kessler.displayName}'s timeline: ${timeline.items
        .map((e) => `${e.data.from ?? 'new'} → ${e.data.to}`)
        .reverse()
        .join(' · ')}`,
    );

    // Once signed, only notes and custom fields may be corrected; each correction is audited.
    const noted = await contracts.update(
      ctx,
      active.id,
      { notes: 'visits on Tuesdays' },
      { expectedVersion: active.version },
    );
    const locked = await refused('INVALID_DATA', () =>
      contracts.update(ctx, active.id, { subject: 'Spindle care' }),
    );
    const [correction] = await contracts.history(ctx, active.id);
    demo.say(
      `corrected: ${Object.keys(correction?.changes ?? {}).join(', ')} (version ${noted.version}); subject refused: ${(locked.details.issues as Array<{ message: string }>)[0]?.message}`,
    );

    // The clock moved forward: the daily job as it would run on 1 September 2027, then on 31 December.
    const september = await contracts.runDaily(company.system, { on: '2027-09-01' });
    const agenda = await crm.services.agenda.agenda(ctx, {
      from: new Date('2027-01-01'),
      to: new Date('2028-01-01'),
    });
    const task = agenda.find((e) => e.subject?.id === active.id);
    demo.say(
      `daily job on 2027-09-01: ${september.reminders.length} reminder(s); ${alice.name}'s agenda: "${task?.data.title}" due ${task?.dueAt?.toISOString().slice(0, 10)}`,
    );
    const again = await contracts.runDaily(company.system, { on: '2027-09-01' });
    demo.say(`run again the same day: ${again.reminders.length} new reminder(s) (idempotent)`);
    const endOfYear = await contracts.runDaily(company.system, { on: '2027-12-31' });
    const renewal = await contracts.get(ctx, endOfYear.renewed[0]!.renewalId);
    demo.say(
      `daily job on 2027-12-31: ${draft.number} renewed as ${renewal.number} (${renewal.startOn} – ${renewal.endOn}, ${renewal.status})`,
    );
  },
};
