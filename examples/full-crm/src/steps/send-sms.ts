import { f } from '@rapport/core';
import { createSmsWebhooks } from '@rapport/messaging-sms';
import { signedTwilioRequest } from '@rapport/messaging-sms/testing';
import { type DemoStep, requireCompany, requireCrm } from '../demo.js';
import { DEMO_TWILIO } from '../plugins.js';
import { refused } from '../print.js';
import { finishedMailing, received, sentMessage } from '../waiting.js';

/** The number our customers text back to (the demo's sender for numbers outside Germany). */
const OUR_NUMBER = '+15005550006';

/**
 * SMS beside email: a greeting measured before it is sent (GSM-7 or UCS-2, segments), sent to a
 * local server that speaks Twilio's REST API, a signed delivery report marking it delivered, an
 * inbound STOP opting a customer out, then a small SMS direct mail in which the opted-out customer
 * and an unverified number are skipped.
 */
export const sendSms: DemoStep = {
  title:
    'SMS: a greeting, a delivery report, STOP and a small SMS direct mail through a local Twilio-protocol server',
  async run(demo) {
    const crm = requireCrm(demo);
    const company = requireCompany(demo);
    const server = demo.sms!;
    const { templates, messaging, sms, contactPoints, parties } = crm.services;
    const admin = company.as(company.staff.admin);
    templates.register({
      kind: 'sms',
      name: 'greeting',
      locale: 'en',
      parts: {
        text: 'Happy {{occasion}}, {{name party "informal"}}! 10% off [code HAPPY10] until Sunday: 5€ min.',
      },
    });
    templates.register({
      kind: 'sms',
      name: 'greeting',
      locale: 'ru',
      parts: { text: 'С праздником, {{name party "informal"}}! Скидка 10% до воскресенья.' },
    });

    // Three customers join the SMS club at the counter (consent recorded); one number is odd.
    const people = [
      { givenName: 'Jonas', familyName: 'Weber', phone: '0160 9876 5432', locale: 'de' },
      { givenName: 'Olga', familyName: 'Smirnova', phone: '+7 912 345-67-89', locale: 'ru' },
      { givenName: 'Liam', familyName: 'Byrne', phone: '+353 85 123 4567', locale: 'en' },
      { givenName: 'Mia', familyName: 'Roth', phone: '030 12', locale: 'de' },
    ];
    const club = [];
    for (const person of people) {
      const { party, contactWarnings } = await parties.create(admin, {
        kind: 'person',
        givenName: person.givenName,
        familyName: person.familyName,
        locale: person.locale,
        tags: ['sms-club'],
        contactPoints: [{ kind: 'phone', value: person.phone, label: 'mobile' }],
        consents: [{ channel: 'sms', status: 'opted_in', source: 'shop counter' }],
      });
      const phone = party.contactPoints.find((c) => c.kind === 'phone')!;
      demo.say(
        `${party.displayName}: "${person.phone}" stored as ${phone.value} (${phone.quality})${contactWarnings.length > 0 ? ` — kept, flagged, never texted` : ''}`,
      );
      club.push(party);
    }
    const [jonas, olga, liam] = club as [(typeof club)[0], (typeof club)[0], (typeof club)[0]];

    for (const party of [jonas, olga]) {
      const preview = await sms.preview(admin, {
        template: 'greeting',
        partyId: party.id,
        data: { occasion: 'holidays' },
      });
      demo.say(
        `preview for ${party.displayName}: ${preview.encoding}, ${preview.units} units, ${preview.segments} segment(s) of ≤${preview.perSegment} — "${preview.text}"`,
      );
    }
    const tooLong = await refused('INVALID_DATA', () =>
      sms.preview(admin, {
        template: 'greeting',
        partyId: jonas.id,
        data: { occasion: 'holidays and '.repeat(40) },
      }),
    );
    const issue = (tooLong.details.issues as Array<{ path: string; message: string }> | undefined)?.[0];
    demo.say(
      `a long occasion is refused before anything is written (${tooLong.code}): ${issue?.path} ${issue?.message}`,
    );

    const greeting = await messaging.send(admin, {
      channel: 'sms',
      partyId: jonas.id,
      template: 'greeting',
      data: { occasion: 'holidays' },
    });
    await received(server.received, 1, 'SMS');
    const first = server.received[0]!;
    demo.say(
      `the provider received: To ${first.to}, From ${first.from}, ${first.segments} segment(s): "${first.body}"`,
    );
    // The delivery report below needs the worker to have recorded the send.
    await sentMessage(messaging, admin, greeting.id);

    // The provider calls back: signed delivery report, then a customer texts STOP.
    const webhooks = createSmsWebhooks({
      crm,
      twilio: { authToken: DEMO_TWILIO.authToken },
      resolveTenant: ({ to }) => (to === OUR_NUMBER ? company.tenant.id : undefined),
    });
    const report = await webhooks.twilioStatus(
      signedTwilioRequest(
        first.statusCallback!,
        {
          AccountSid: DEMO_TWILIO.accountSid,
          MessageSid: first.sid,
          MessageStatus: 'delivered',
          To: first.to,
        },
        DEMO_TWILIO.authToken,
      ),
    );
    const delivered = await messaging.get(admin, greeting.id);
    const entry = await crm.services.journal.get(admin, delivered.journalEntryId!);
    demo.say(
      `signed delivery report → HTTP ${report.status}; message ${delivered.status}; journal: one ${entry.type} entry, status ${String(entry.data.status)}, ${String(entry.data.encoding)}, ${String(entry.data.segments)} segment(s)`,
    );
    const forged = await webhooks.twilioStatus(
      signedTwilioRequest(
        first.statusCallback!,
        { AccountSid: DEMO_TWILIO.accountSid, MessageSid: first.sid, MessageStatus: 'failed', To: first.to },
        'not-the-auth-token',
      ),
    );
    demo.say(
      `a forged report → HTTP ${forged.status}; message still ${(await messaging.get(admin, greeting.id)).status}`,
    );
    const liamPhone = liam.contactPoints.find((c) => c.kind === 'phone')!.value;
    const stop = await webhooks.twilioInbound(
      signedTwilioRequest(
        'https://crm.acme-wholesale.example/webhooks/sms/twilio/inbound',
        {
          AccountSid: DEMO_TWILIO.accountSid,
          From: liamPhone,
          To: OUR_NUMBER,
          Body: ' Stop ',
          MessageSid: 'SMdemo0001',
        },
        DEMO_TWILIO.authToken,
      ),
    );
    demo.say(
      `${liam.displayName} texts "Stop" → HTTP ${stop.status}; sms consent now ${await contactPoints.consentStatus(admin, liam.id, 'sms')}`,
    );

    const before = server.received.length;
    const mailing = await messaging.sendToSegment(admin, {
      channel: 'sms',
      template: 'greeting',
      filter: f.tag('sms-club'),
      data: { occasion: 'holidays' },
      name: 'Holiday SMS to the club',
    });
    const { skipped } = mailing;
    demo.say(
      `SMS direct mail "${mailing.mailing.name}": ${mailing.total} recipients, ${mailing.byStatus.queued} queued, ${mailing.byStatus.skipped} skipped (opted out ${skipped.opted_out}, invalid number ${skipped.invalid_address}, no number ${skipped.no_address})`,
    );
    await received(server.received, before + mailing.byStatus.queued, 'SMS');
    const progress = await finishedMailing(messaging, admin, mailing.mailing.id);
    demo.say(
      `progress: ${progress.byStatus.sent} sent, done: ${progress.done}, mailing ${progress.mailing.status}`,
    );
    for (const message of server.received.slice(before))
      demo.say(
        `  received To ${message.to} From ${message.from} (${message.segments} segment(s)): "${message.body}"`,
      );
  },
};
