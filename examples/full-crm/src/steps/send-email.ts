import { f } from '@rapport/core';
import { type DemoStep, partyOf, requireCompany, requireCrm } from '../demo.js';
import { refused } from '../print.js';
import { finishedMailing, received, sentMessage } from '../waiting.js';

/**
 * Email: templates per locale, a greeting to one customer (rendered, queued in the caller's
 * transaction, delivered by a worker, journaled once), a refusal without consent, then a small
 * direct mail to a segment (skipped recipients counted) with one-click unsubscribe links, and an
 * unsubscribe redeemed.
 */
export const sendEmail: DemoStep = {
  title: 'Email: a greeting and a small direct mail through a local SMTP server',
  async run(demo) {
    const crm = requireCrm(demo);
    const company = requireCompany(demo);
    const mail = demo.mail!;
    const { templates, messaging, contactPoints } = crm.services;
    templates.register({
      kind: 'email',
      name: 'greeting',
      locale: 'en',
      parts: {
        subject: 'Happy {{occasion}}, {{name party "informal"}}!',
        html: '<p>Dear {{name party}},</p><p>all of us wish you a happy {{occasion}}.</p>',
      },
    });
    templates.register({
      kind: 'email',
      name: 'greeting',
      locale: 'de',
      parts: {
        subject: 'Frohe {{occasion}}, {{name party "formal" title="Frau"}}!',
        html: '<p>Liebe {{name party "informal"}},</p><p>wir wünschen Ihnen frohe {{occasion}}.</p>',
      },
    });
    templates.register({
      kind: 'email',
      name: 'spring-offer',
      parts: {
        subject: 'Spring offer: {{discount}} off for {{name party "informal"}}',
        html: '<p>Dear {{name party}}, this week only: {{discount}} off. <a href="{{unsubscribeUrl}}">Unsubscribe</a></p>',
      },
    });

    const ada = partyOf(company, 'ada');
    // Alice has left (an earlier step): her manager sends the greeting.
    const manager = company.as(company.staff.manager);
    const greeting = await messaging.send(manager, {
      channel: 'email',
      partyId: ada.id,
      template: 'greeting',
      data: { occasion: 'Ostern' },
    });
    demo.say(`greeting queued for ${ada.displayName} <${greeting.address}> in locale "${greeting.locale}"`);
    await received(mail.received, 1, 'emails');
    const first = mail.received[0]!.parsed;
    demo.say(`delivered: "${first.subject}" to ${first.to && 'text' in first.to ? first.to.text : ''}`);
    demo.say(`  text part: ${first.text?.trim().replace(/\n+/g, ' / ')}`);
    demo.say(`  Message-ID ${first.messageId} (the message's own id: the same on every retry)`);
    // The server has it; the worker records the outcome right after.
    const sent = await sentMessage(messaging, manager, greeting.id);
    const entry = await crm.services.journal.get(manager, sent.journalEntryId!);
    demo.say(
      `journal: one ${entry.type} entry, status ${String(entry.data.status)}, about ${ada.displayName}`,
    );

    // Two VIP customers sign up for the newsletter at a trade fair; the others never opted in.
    const admin = company.as(company.staff.admin);
    const vips = (await crm.services.segments.query(admin, f.tag('vip'), { limit: 50 })).items;
    const others = vips.filter((p) => p.id !== ada.id);
    for (const party of others.slice(0, 2))
      await contactPoints.setConsent(admin, party.id, {
        channel: 'email',
        status: 'opted_in',
        source: 'trade fair',
      });
    const silent = others.at(-1)!;
    const refusal = await refused('NOT_ALLOWED', () =>
      messaging.send(manager, {
        channel: 'email',
        partyId: silent.id,
        template: 'greeting',
        data: { occasion: 'Easter' },
      }),
    );
    demo.say(`refused (${refusal.code}, ${String(refusal.details.reason)}): ${refusal.message}`);

    const before = mail.received.length;
    const mailing = await messaging.sendToSegment(admin, {
      channel: 'email',
      template: 'spring-offer',
      filter: f.tag('vip'),
      data: { discount: '15%' },
      name: 'Spring offer to VIPs',
    });
    const { skipped } = mailing;
    demo.say(
      `direct mail "${mailing.mailing.name}": ${mailing.total} recipients resolved, ${mailing.byStatus.queued} queued, ${mailing.byStatus.skipped} skipped (no consent ${skipped.no_consent}, opted out ${skipped.opted_out}, no address ${skipped.no_address}, invalid ${skipped.invalid_address})`,
    );
    await received(mail.received, before + mailing.byStatus.queued, 'emails');
    const progress = await finishedMailing(messaging, admin, mailing.mailing.id);
    demo.say(
      `progress: ${progress.byStatus.sent} sent, done: ${progress.done}, mailing ${progress.mailing.status}`,
    );
    const bulk = mail.received.slice(before).map((m) => m.parsed);
    for (const message of bulk) {
      const to = message.to && 'text' in message.to ? message.to.text : '';
      demo.say(`  delivered "${message.subject}" to ${to}`);
    }
    const line = (bulk[0]?.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '').replace(
      /\r?\n\s+/g,
      ' ',
    );
    demo.say(`  ${line.replace(/token=([0-9a-f]{12})[0-9a-f]+/, 'token=$1…')}`);
    demo.say(`  ${bulk[0]?.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line ?? ''}`);

    const token = /token=([0-9a-f]+)/.exec(line)?.[1];
    if (!token) throw new Error('The direct mail carried no unsubscribe token');
    const redeemed = await messaging.redeemUnsubscribe(token);
    const who = vips.find((p) => p.id === redeemed.partyId)?.displayName ?? redeemed.partyId;
    demo.say(
      `${who} clicked unsubscribe: email consent now ${await contactPoints.consentStatus(admin, redeemed.partyId, 'email')}`,
    );
  },
};
