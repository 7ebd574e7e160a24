import { documentsPlugin } from '@rapport/documents';
import { messagingPlugin } from '@rapport/messaging';
import { emailPlugin } from '@rapport/messaging-email';
import { startSmtpServer, type TestSmtpServer } from '@rapport/messaging-email/testing';
import { createTestCrm, drainJobs, seedOrganisation, type TestCrm } from '@rapport/testing';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pricingPlugin } from '../src/index.js';
import { seedCatalogue } from './quotes-fixture.js';

async function pdfText(bytes: Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: bytes });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describe('sending quotes', () => {
  let smtp: TestSmtpServer;
  let env: TestCrm<
    readonly [
      typeof documentsPlugin,
      typeof messagingPlugin,
      ReturnType<typeof emailPlugin.configure>,
      typeof pricingPlugin,
    ]
  >;
  let org: Awaited<ReturnType<typeof seedOrganisation>>;
  let customer: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    env = (await createTestCrm({
      plugins: [
        documentsPlugin,
        messagingPlugin,
        emailPlugin.configure({
          from: '"Acme" <sales@acme.test>',
          smtp: { host: '127.0.0.1', port: smtp.port, ignoreTLS: true },
          unsubscribeUrl: 'https://crm.test/u?t={token}',
          retry: { attempts: 2, delaySeconds: 0 },
        }),
        pricingPlugin,
      ],
    })) as typeof env;
    org = await seedOrganisation(env.crm);
    await seedCatalogue(env.crm, org.system);
    customer = (
      await env.crm.services.parties.create(org.system, {
        kind: 'organization',
        organizationName: 'Globex Deutschland',
        ownerId: org.alice.id,
        contactPoints: [{ kind: 'email', value: 'einkauf@globex.test' }],
        consents: [{ channel: 'email', status: 'opted_in' }],
      })
    ).party.id;
  });
  afterAll(async () => {
    await env?.close();
    await smtp?.close();
  });

  it('numbers the quote through documents, files the rendered PDF and emails it as an attachment', async () => {
    const ctx = org.as(org.alice);
    const quote = await env.crm.services.quotes.create(ctx, {
      partyId: customer,
      currency: 'EUR',
      locale: 'de-DE',
      terms: 'Zahlbar in 30 Tagen',
      validUntil: '2099-12-31',
      lines: [{ sku: 'CHAIR-01', quantity: '3' }],
    });
    expect(quote.number).toMatch(/^Q-\d{4}-00001$/);
    const sent = await env.crm.services.quotes.send(ctx, quote.id);
    expect(sent.current).toMatchObject({ status: 'sent', documentVersion: 1 });
    expect(sent.current.documentId).toEqual(expect.any(String));
    expect(sent.current.messageId).toEqual(expect.any(String));

    const document = await env.crm.services.documents.get(ctx, sent.current.documentId!);
    expect(document).toMatchObject({
      type: 'offer',
      number: quote.number,
      subject: { kind: 'quote', id: quote.id },
    });
    const stored = await env.crm.services.documents.content(ctx, document.currentVersion!.id);
    const text = await pdfText(stored.bytes);
    expect(text).toContain(`Angebot ${quote.number}`);
    expect(text).toContain('Bürostuhl'); // the product's German name
    expect(text).toContain('535,14'); // de-DE money
    expect(text).toContain('31. Dezember 2099');
    expect(text).toContain('Zahlbar in 30 Tagen');

    await drainJobs(env.crm);
    const mail = smtp.received[0]?.parsed;
    expect(mail?.subject).toBe(`Unser Angebot ${quote.number}`);
    expect(mail?.to).toMatchObject({ text: 'einkauf@globex.test' });
    expect(mail?.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`${quote.number}-v1.pdf`, 'application/pdf'],
    ]);
    expect(await pdfText(mail!.attachments[0]!.content)).toContain(`Angebot ${quote.number}`);
  });

  it('adds a version to the same document when a revision is sent', async () => {
    const ctx = org.as(org.alice);
    const quote = await env.crm.services.quotes.create(ctx, {
      partyId: customer,
      currency: 'EUR',
      lines: [{ sku: 'CHAIR-01', quantity: '1' }],
    });
    const first = await env.crm.services.quotes.send(ctx, quote.id, { email: false });
    await env.crm.services.quotes.revise(ctx, quote.id, { lines: [{ sku: 'CHAIR-01', quantity: '2' }] });
    const second = await env.crm.services.quotes.send(ctx, quote.id, { email: false });
    expect(second.current.documentId).toBe(first.current.documentId);
    expect(second.current).toMatchObject({ documentVersion: 2, messageId: null });
    const versions = await env.crm.services.documents.versions(ctx, second.current.documentId!);
    expect(versions).toHaveLength(2);
  });
});
