import { type DemoStep, partyOf, requireCompany, requireCrm } from '../demo.js';

/**
 * Data-subject requests: export everything held about a person (core's sections and every plugin's,
 * through `collectPersonalData`), and erase a lead who asked to be forgotten — personal data
 * anonymised everywhere, the rows kept so that counts and sums stay right.
 */
export const privacy: DemoStep = {
  title: 'Privacy: export a person, erase a lead',
  async run(demo) {
    const crm = requireCrm(demo);
    const company = requireCompany(demo);
    const { admin, bob } = company.staff;
    const ctx = company.as(admin);
    const { privacy: requests, parties, journal, timeline, contactPoints } = crm.services;

    const ada = partyOf(company, 'ada');
    const exported = await requests.export(ctx, ada.id);
    const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
    demo.say(`export of ${ada.displayName}: ${size(exported)} bytes of JSON`);
    for (const [name, section] of Object.entries(exported.sections))
      demo.say(
        `  ${name.padEnd(15)} ${Array.isArray(section) ? `${section.length} rows`.padEnd(8) : 'record  '} ${size(section)} bytes`,
      );

    demo.say('  (the journal section holds every version of each entry: originals and their corrections)');

    const lukas = partyOf(company, 'lukas');
    await journal.record(company.as(bob), {
      type: 'event',
      occurredAt: new Date(Date.now() - 86_400_000),
      parties: [{ partyId: lukas.id, role: 'attendee' }],
      amount: '150.00',
      currency: 'EUR',
      notes: 'Attended the CNC seminar; wants the brochure at home, Elbchaussee 12',
      data: { kind: 'seminar', name: 'CNC in practice', location: 'Hamburg' },
    });
    const email = lukas.contactPoints.find((c) => c.kind === 'email')!.value;
    demo.say(`${lukas.displayName} (${email}) asks to be forgotten; an administrator erases him`);
    const { erasureId } = await requests.erase(ctx, lukas.id, 'GDPR art. 17 request by email');
    const erased = await parties.get(ctx, lukas.id);
    const [seminar] = (await timeline.timeline(ctx, lukas.id)).items;
    demo.say(`  erasure ${erasureId}; what remains:`);
    demo.say(
      `  party: "${erased.displayName}", names ${erased.givenName}/${erased.familyName}, contact points ${erased.contactPoints.length}, tags ${erased.tags.length}, custom ${JSON.stringify(erased.custom)}`,
    );
    demo.say(
      `  journal: ${seminar?.type} on ${seminar?.occurredAt.toISOString().slice(0, 10)}, ${seminar?.amount} ${seminar?.currency} kept; notes ${JSON.stringify(seminar?.notes)}, data ${JSON.stringify(seminar?.data)}`,
    );
    const holder = await contactPoints.lookup(ctx, { kind: 'email', value: email });
    demo.say(`  who holds ${email} now? ${holder ?? 'nobody (the address can be used again)'}`);
  },
};
