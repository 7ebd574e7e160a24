import { DuplicatePartyError } from '@rapport/core';
import { type DemoStep, partyOf, requireCompany, requireCrm } from '../demo.js';
import { daysFromNow, refused } from '../print.js';

/**
 * The same customer may not be entered twice, even from another department: an exact identity key
 * (email, phone, tax number, website domain) is refused by the database with a typed error naming
 * the existing party and its owner. A similar name in the same city is let through with a warning.
 */
export const refuseDuplicates: DemoStep = {
  title: 'Duplicates: refused across departments, warned about when only similar',
  async run(demo) {
    const crm = requireCrm(demo);
    const company = requireCompany(demo);
    const { alice, carol } = company.staff;
    const { parties, journal } = crm.services;
    const ada = partyOf(company, 'ada');

    demo.say('Carol (Support) enters a caller: Ada Berger, ADA.BERGER@kessler-maschinenbau.de');
    const error = await refused('DUPLICATE', () =>
      parties.create(company.as(carol), {
        kind: 'person',
        givenName: 'Ada',
        familyName: 'Berger',
        contactPoints: [{ kind: 'email', value: 'ADA.BERGER@kessler-maschinenbau.de' }],
      }),
    );
    if (!(error instanceof DuplicatePartyError)) throw error;
    demo.say(`  refused: ${error.code} (${error.name}): ${error.message}`);
    for (const match of error.matches)
      demo.say(
        `  existing party ${match.displayName} holds ${match.kind} ${match.value}; owner: ${company.nameOf(match.ownerId)}`,
      );

    demo.say("Alice scans Ada's business card at a trade fair, with onDuplicate: 'link'");
    const linked = await parties.create(
      company.as(alice),
      {
        kind: 'person',
        givenName: 'Ada',
        familyName: 'Berger',
        contactPoints: [
          { kind: 'email', value: 'ada.berger@kessler-maschinenbau.de' },
          { kind: 'phone', value: '030 9018 2211', label: 'direct line' },
        ],
        tags: ['fair-2026'],
      },
      { onDuplicate: 'link' },
    );
    company.parties.ada = linked.party;
    demo.say(
      `  created: ${linked.created}; linked to ${linked.party.displayName}, now ${linked.party.contactPoints.filter((c) => c.kind === 'phone').length} phones, tags ${JSON.stringify(linked.party.tags)}`,
    );

    demo.say('Carol enters "Ada Bergner" from Berlin with a private email (the same person, mistyped)');
    const similar = await parties.create(company.as(carol), {
      kind: 'person',
      givenName: 'Ada',
      familyName: 'Bergner',
      roles: ['customer'],
      source: { channel: 'support hotline' },
      contactPoints: [
        { kind: 'email', value: 'ada.b@posteo.de' },
        { kind: 'address', street: 'Linienstraße 9', postalCode: '10119', city: 'Berlin', country: 'DE' },
      ],
    });
    company.parties.adaTwin = similar.party;
    for (const warning of similar.warnings)
      demo.say(
        `  created, with a warning: similar to ${warning.displayName} (similarity ${warning.similarity.toFixed(2)}, ${warning.reason}), owner ${company.nameOf(warning.ownerId)}`,
      );
    if (similar.warnings.length === 0) throw new Error('Expected a fuzzy duplicate warning');
    if (!similar.warnings.some((w) => w.partyId === ada.id)) throw new Error('Expected a warning naming Ada');

    // Support logs the call on the record it just created; the merge will carry it over.
    await journal.record(company.as(carol), {
      type: 'call_incoming',
      occurredAt: daysFromNow(-3, 9),
      parties: [{ partyId: similar.party.id }],
      durationSeconds: 300,
      outcome: 'spare parts ordered',
      notes: 'Asked when the spare spindle bearings can be delivered',
      data: { phone: '+491712345678' },
    });
  },
};
