import { f } from '@rapport/core';
import { type DemoStep, requireCompany, requireCrm } from '../demo.js';
import { money, refused } from '../print.js';
import { received } from '../waiting.js';

/**
 * Quotes (`@rapport/pricing` with `@rapport/documents` and messaging): a quote for a prospect from the demo
 * price list (the pricing step's), a manual discount refused to an agent and given by the manager,
 * the quote sent by email with its PDF to the local SMTP server, declined with a reason, revised,
 * sent again and accepted; then the segment of customers who declined an offer in the last 90 days.
 */
export const quotesStep: DemoStep = {
  title: 'Quotes: an offer from the price list, sent as a PDF by email, declined, revised, accepted',
  async run(demo) {
    const crm = requireCrm(demo);
    const company = requireCompany(demo);
    const mail = demo.mail!;
    const { quotes, documents } = crm.services;
    const boss = company.as(company.staff.manager);
    // A prospect who asked for an offer on the web form (and agreed to be emailed about it).
    const { party: ada } = await crm.services.parties.create(boss, {
      kind: 'person',
      givenName: 'Greta',
      familyName: 'Lindqvist',
      locale: 'de-DE',
      ownerId: company.staff.bob.id,
      contactPoints: [{ kind: 'email', value: 'greta.lindqvist@werkstatt-nord.de' }],
      consents: [{ channel: 'email', status: 'opted_in', source: 'offer request' }],
    });

    const refusal = await refused('NOT_ALLOWED', () =>
      quotes.create(company.as(company.staff.bob), {
        partyId: ada.id,
        currency: 'EUR',
        lines: [{ sku: 'SP-100', quantity: '1', discountPercent: '10', reason: 'loyal customer' }],
      }),
    );
    demo.say(`an agent's manual discount: ${refusal.code} (${refusal.message})`);
    let quote = await quotes.create(boss, {
      partyId: ada.id,
      ownerId: company.staff.bob.id,
      currency: 'EUR',
      locale: 'de-DE',
      terms: 'Lieferung ab Werk, zahlbar in 30 Tagen.',
      lines: [
        { sku: 'SP-100', quantity: '1' },
        { sku: 'BELT-5', quantity: '24' },
      ],
    });
    for (const line of quote.current.lines)
      demo.say(
        `  ${line.sku} ×${line.quantity} at ${money(line.unitPrice, 'EUR')} − ${money(line.discount, 'EUR')} = net ${money(line.net, 'EUR')}`,
      );
    demo.say(
      `quote ${quote.number} v1: ${money(quote.current.gross, 'EUR')} gross, valid until ${quote.current.validUntil}`,
    );

    const before = mail.received.length;
    quote = await quotes.send(boss, quote.id);
    await received(mail.received, before + 1, 'emails');
    const email = mail.received.at(-1)!.parsed;
    const files = email.attachments.map((a) => `${a.filename} (${a.contentType}, ${a.size} bytes)`);
    demo.say(`sent: "${email.subject}" with ${files.length > 0 ? files.join(', ') : 'no attachment'}`);
    const document = await documents.get(boss, quote.current.documentId!);
    demo.say(
      `  filed as document ${document.number} (${document.type}), version ${quote.current.documentVersion}`,
    );

    quote = await quotes.decline(boss, quote.id, { reason: 'zu teuer' });
    demo.say(`${ada.displayName} declined v1: "${quote.current.responseReason}"`);
    quote = await quotes.revise(boss, quote.id, {
      lines: [
        { sku: 'SP-100', quantity: '1', discountPercent: '4', reason: 'matched a competitor' },
        { sku: 'BELT-5', quantity: '24' },
      ],
    });
    quote = await quotes.send(boss, quote.id);
    quote = await quotes.accept(boss, quote.id);
    demo.say(
      `v2 with a manual 4 % (by the manager, recorded on the line) sent and accepted: ${money(quote.current.gross, 'EUR')}`,
    );

    const decliners = await crm.services.segments.query(
      boss,
      f.activity('offer_response').data({ response: 'declined' }).withinLastDays(90),
    );
    demo.say(
      `segment "declined an offer in the last 90 days": ${decliners.items.map((p) => p.displayName).join(', ')}`,
    );
  },
};
