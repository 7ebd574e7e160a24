import type { ContactPointInput, Employee, Party, PartyInput } from '@rapport/core';
import { scoreField } from '../custom-fields.js';
import { type DemoStep, partyOf, requireCompany, requireCrm } from '../demo.js';
import { cell, daysFromNow } from '../print.js';

/** A customer in a city, with a score: the shape of most of the demo's people. */
function customer(
  given: string,
  family: string,
  city: string,
  score: number,
  extra: Partial<PartyInput> = {},
): PartyInput {
  const email = `${given}.${family}@example.de`.toLowerCase();
  return {
    kind: 'person',
    givenName: given,
    familyName: family,
    roles: ['customer'],
    contactPoints: [
      { kind: 'email', value: email },
      { kind: 'address', city, country: 'DE' },
    ],
    tags: ['vip'],
    custom: { score },
    ...extra,
  };
}

function describeInput(cp: ContactPointInput): string {
  switch (cp.kind) {
    case 'address':
      return [cp.street, cp.postalCode, cp.city, cp.country].filter(Boolean).join(' / ');
    case 'messenger':
      return `${cp.network} ${cp.handle}`;
    default:
      return JSON.stringify(cp.value);
  }
}

const adaContacts: ContactPointInput[] = [
  { kind: 'email', value: '  Ada.Berger@Kessler-Maschinenbau.DE ' },
  { kind: 'phone', value: '0171 2345678', label: 'mobile' },
  { kind: 'phone', value: '+44 20 7946 0958', label: 'London office' },
  { kind: 'address', street: 'Friedrichstraße 120', postalCode: '10117', city: 'Berlin', country: 'de' },
  { kind: 'messenger', network: 'Telegram', handle: '@AdaBerger' },
];

const kesslerContacts: ContactPointInput[] = [
  { kind: 'website', value: 'WWW.Kessler-Maschinenbau.de/' },
  { kind: 'phone', value: '(030) 9018-2200' },
  { kind: 'address', street: 'Am Borsigturm 40', postalCode: '13507', city: 'Berlin', country: 'DE' },
];

/** Pairs each contact point as typed with its stored form (stored ones come by kind, primary first). */
function inputVsStored(inputs: ContactPointInput[], party: Party): string[] {
  const byKind = [...inputs].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  return party.contactPoints.map((cp, i) => {
    const input = byKind[i];
    const notes = [cp.label, cp.primary ? 'primary' : ''].filter(Boolean).join(', ');
    return `${cell(cp.kind, 10)} ${cell(input ? describeInput(input) : '?', 42)} → ${cp.value}${notes ? ` (${notes})` : ''}`;
  });
}

/**
 * Agents enter organisations and people: contact points normalised on the way in, roles, consent,
 * a birthday, tags, the tenant's custom field, and relationships. Each party belongs to the agent
 * who entered it.
 */
export const enterParties: DemoStep = {
  title: 'Parties: organisations, people, contact points, consent, dates, relationships',
  async run(demo) {
    const crm = requireCrm(demo);
    const company = requireCompany(demo);
    const { admin, alice, bob, carol } = company.staff;
    const { parties, customFields, relationships, contactPoints, partyDates, lifecycle } = crm.services;
    const enter = async (key: string, by: Employee, input: PartyInput) => {
      const { party } = await parties.create(company.as(by), input);
      company.parties[key] = party;
      return party;
    };

    const field = await customFields.define(company.as(admin), scoreField);
    demo.say(`custom field for this tenant: ${field.key} (${field.type}) "${field.label}"`);

    const kessler = await enter('kessler', alice, {
      kind: 'organization',
      organizationName: 'Kessler Maschinenbau GmbH',
      taxNumber: 'DE 123.456.789',
      roles: ['customer'],
      contactPoints: kesslerContacts,
      tags: ['Key-Account'],
    });
    const birthday = daysFromNow(5);
    const ada = await enter('ada', alice, {
      kind: 'person',
      givenName: 'Ada',
      familyName: 'Berger',
      locale: 'de-DE',
      roles: ['customer', { role: 'contact_person', organizationId: kessler.id }],
      contactPoints: adaContacts,
      consents: [
        { channel: 'email', status: 'opted_in', source: 'web form: newsletter sign-up' },
        { channel: 'sms', status: 'opted_out', source: 'phone call' },
      ],
      dates: [
        { kind: 'birthday', month: birthday.getUTCMonth() + 1, day: birthday.getUTCDate(), year: 1984 },
      ],
      tags: ['VIP', 'cnc'],
      custom: { score: 92 },
    });
    const jonas = await enter('jonas', alice, customer('Jonas', 'Weber', 'Berlin', 85));
    await enter('tom', alice, {
      ...customer('Tom', 'Richter', 'Berlin', 88, { roles: ['lead'] }),
      source: { channel: 'referral', referrerId: jonas.id },
    });
    await enter('mia', bob, customer('Mia', 'Schneider', 'Berlin', 81));
    await enter('lena', bob, customer('Lena', 'Fischer', 'Berlin', 64));
    await enter('felix', bob, customer('Felix', 'Wagner', 'Hamburg', 95));
    await enter('nordlicht', bob, {
      kind: 'organization',
      organizationName: 'Nordlicht Logistik AG',
      roles: ['customer'],
      contactPoints: [
        { kind: 'website', value: 'nordlicht-logistik.de' },
        { kind: 'address', city: 'Hamburg', country: 'DE' },
      ],
    });
    await enter('paul', carol, customer('Paul', 'Hoffmann', 'Berlin', 90));

    demo.say('contact points as typed → as stored (default region DE):');
    for (const [party, inputs] of [
      [ada, adaContacts],
      [kessler, kesslerContacts],
    ] as const) {
      demo.say(`  ${party.displayName}`);
      for (const line of inputVsStored(inputs, party)) demo.say(`    ${line}`);
    }
    demo.say(
      `    ${cell('tax no.', 10)} ${cell('"DE 123.456.789"', 42)} → ${kessler.taxNumber} (an identity key, like emails, phones and the domain)`,
    );
    demo.say(`    ${cell('tags', 10)} ${cell('["Key-Account"]', 42)} → ${JSON.stringify(kessler.tags)}`);

    await relationships.relate(company.as(alice), {
      type: 'works_at',
      fromId: ada.id,
      toId: kessler.id,
      validFrom: '2019-04-01',
      note: 'Head of purchasing',
    });
    await relationships.relate(company.as(alice), {
      type: 'referred',
      fromId: jonas.id,
      toId: partyOf(company, 'tom').id,
    });
    for (const key of ['kessler', 'ada', 'tom']) {
      const views = await relationships.listFor(company.as(alice), partyOf(company, key).id);
      for (const r of views)
        demo.say(
          `${partyOf(company, key).displayName} ${r.label} ${r.otherDisplayName}${r.validFrom ? ` since ${r.validFrom}` : ''}${r.note ? ` (${r.note})` : ''}`,
        );
    }

    const consents = await contactPoints.consents(company.as(alice), ada.id);
    demo.say(
      `Ada's consent: ${consents.map((c) => `${c.channel} ${c.status} (${c.source})`).join('; ')}; post: ${await contactPoints.consentStatus(company.as(alice), ada.id, 'post')}`,
    );
    const upcoming = await partyDates.upcoming(company.as(alice), { days: 14 });
    for (const date of upcoming)
      demo.say(`birthdays in the next 14 days: ${date.displayName} on ${date.occursOn} (born ${date.year})`);
    const tom = await lifecycle.qualify(company.as(alice), partyOf(company, 'tom').id);
    company.parties.tom = tom;
    demo.say(`Tom Richter (referred by Jonas Weber) qualified: lifecycle ${tom.lifecycle}`);

    demo.say('');
    demo.say(
      `${cell('party', 26)} ${cell('lifecycle', 10)} ${cell('roles', 25)} ${cell('city', 8)} ${cell('tags', 16)} score  owner`,
    );
    const all = await parties.getMany(
      company.as(admin),
      Object.values(company.parties).map((p) => p.id),
    );
    for (const party of all.sort((a, b) => a.displayName.localeCompare(b.displayName))) {
      demo.say(
        `${cell(party.displayName, 26)} ${cell(party.lifecycle ?? '', 10)} ${cell(party.roles.map((r) => r.role).join(', '), 25)} ${cell(party.city ?? '', 8)} ${cell(party.tags.join(', '), 16)} ${cell(String(party.custom.score ?? ''), 6)} ${company.nameOf(party.ownerId)}`,
      );
    }
  },
};
