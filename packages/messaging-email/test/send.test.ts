import { RapportError } from '@rapport/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../src/testing/index.js';
import * as fixture from './fixture.js';
import { addCustomer, type emailEnv, journalRowsOf, settledMessage } from './fixture.js';

describe('sending one templated email through a real SMTP server', () => {
  let server: TestSmtpServer;
  let env: Awaited<ReturnType<typeof emailEnv>>;

  beforeAll(async () => {
    server = await startSmtpServer();
    env = await fixture.emailEnv(server);
    const templates = env.crm.services.templates;
    templates.register({
      kind: 'email',
      name: 'welcome',
      locale: 'en',
      parts: {
        subject: 'Welcome, {{name party "informal"}} & friends',
        html: '<p>Hello {{name party}},</p><p>Your note: {{note}}</p><p>Total {{money total "EUR"}}</p>',
        text: 'Hello {{name party}}, your note: {{note}}. Total {{money total "EUR"}}',
      },
    });
    templates.register({
      kind: 'email',
      name: 'welcome',
      locale: 'de',
      parts: {
        subject: 'Willkommen, {{name party "informal"}}',
        html: '<p>Hallo {{party.givenName}}: {{note}}</p>',
      },
    });
  });
  afterAll(async () => {
    await env?.close();
    await server?.close();
  });

  it('delivers subject, HTML and text parts, escapes HTML only in the HTML part, and sets a deterministic Message-ID', async () => {
    const ada = await addCustomer(env.crm, env.ctx, {
      givenName: 'Ada',
      familyName: 'Lovelace',
      email: 'Ada@Example.test',
    });
    const queued = await env.crm.services.messaging.send(env.ctx, {
      channel: 'email',
      partyId: ada.id,
      template: 'welcome',
      data: { note: '<b>bold</b> & "quoted"', total: '1234.50' },
    });
    expect(queued.status).toBe('queued');
    const sent = await settledMessage(env.crm, env.ctx, queued.id, ['sent']);
    expect(sent.attempts).toBe(1);
    const [mail] = server.to('ada@example.test');
    expect(mail).toBeDefined();
    const parsed = mail!.parsed;
    expect(parsed.subject).toBe('Welcome, Ada & friends');
    expect(parsed.from?.text).toBe('"Acme Shop" <news@acme.test>');
    expect(parsed.messageId).toBe(`<${queued.id}@acme.test>`);
    expect(parsed.html).toContain('<p>Hello Ada Lovelace,</p>');
    expect(parsed.html).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;');
    expect(parsed.html).not.toContain('<b>bold</b>');
    expect(parsed.text).toContain('your note: <b>bold</b> & "quoted"');
    expect(parsed.html).toContain('€1,234.50');
    // A single send is not bulk mail: no List-Unsubscribe.
    expect(parsed.headerLines.some((h) => h.key === 'list-unsubscribe')).toBe(false);
    expect(sent.content?.subject).toBe('Welcome, Ada & friends');
  });

  it('records exactly one journal entry for the message, with its outcome', async () => {
    const grace = await addCustomer(env.crm, env.ctx, { givenName: 'Grace', email: 'grace@example.test' });
    const queued = await env.crm.services.messaging.send(env.ctx, {
      channel: 'email',
      partyId: grace.id,
      template: 'welcome',
      data: { note: 'hi', total: 1 },
    });
    const sent = await settledMessage(env.crm, env.ctx, queued.id, ['sent']);
    const entries = await journalRowsOf(env.crm, env.ctx, queued.id);
    expect(entries).toHaveLength(1);
    const entry = await env.crm.services.journal.get(env.ctx, sent.journalEntryId!);
    expect(entry).toMatchObject({
      type: 'email',
      direction: 'outbound',
      parties: [{ partyId: grace.id, role: 'recipient' }],
      subject: { type: 'core.message', id: queued.id },
      data: {
        status: 'sent',
        to: 'grace@example.test',
        template: 'welcome',
        subject: 'Welcome, Grace & friends',
      },
    });
    const timeline = await env.crm.services.timeline.timeline(env.ctx, grace.id);
    expect(timeline.items.map((e) => e.id)).toEqual([entry.id]);
  });

  it("picks the template variant of the recipient's language and falls back to the default locale", async () => {
    const hans = await addCustomer(env.crm, env.ctx, {
      givenName: 'Hans',
      email: 'hans@example.test',
      locale: 'de-AT',
    });
    const pierre = await addCustomer(env.crm, env.ctx, {
      givenName: 'Pierre',
      email: 'pierre@example.test',
      locale: 'fr',
    });
    const toHans = await env.crm.services.messaging.send(env.ctx, {
      channel: 'email',
      partyId: hans.id,
      template: 'welcome',
      data: { note: 'Servus', total: '1' },
    });
    const toPierre = await env.crm.services.messaging.send(env.ctx, {
      channel: 'email',
      partyId: pierre.id,
      template: 'welcome',
      data: { note: 'Salut', total: '1' },
    });
    expect(toHans.locale).toBe('de');
    expect(toPierre.locale).toBe('en');
    await settledMessage(env.crm, env.ctx, toHans.id, ['sent']);
    await settledMessage(env.crm, env.ctx, toPierre.id, ['sent']);
    expect(server.to('hans@example.test')[0]!.parsed.subject).toBe('Willkommen, Hans');
    // A German template without a text part still has one, derived from the HTML.
    expect(server.to('hans@example.test')[0]!.parsed.text?.trim()).toBe('Hallo Hans: Servus');
    expect(server.to('pierre@example.test')[0]!.parsed.subject).toBe('Welcome, Pierre & friends');
  });

  it('refuses a party without consent, or opted out, with NOT_ALLOWED and queues nothing', async () => {
    const silent = await addCustomer(env.crm, env.ctx, {
      givenName: 'Sam',
      email: 'sam@example.test',
      consent: null,
    });
    await env.crm.services.contactPoints.setConsent(env.ctx, silent.id, {
      channel: 'sms',
      status: 'opted_in',
    });
    const out = await addCustomer(env.crm, env.ctx, {
      givenName: 'Olga',
      email: 'olga@example.test',
      consent: 'opted_out',
    });
    const noMail = await addCustomer(env.crm, env.ctx, { givenName: 'Nils' });
    const attempt = (partyId: string) =>
      env.crm.services.messaging.send(env.ctx, {
        channel: 'email',
        partyId,
        template: 'welcome',
        data: { note: 'x', total: '1' },
      });
    await expect(attempt(silent.id)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      details: { reason: 'no_consent' },
    });
    await expect(attempt(out.id)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      details: { reason: 'opted_out' },
    });
    await expect(attempt(noMail.id)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      details: { reason: 'no_address' },
    });
    for (const party of [silent, out, noMail])
      expect(await env.crm.services.messaging.forParty(env.ctx, party.id)).toEqual([]);
  });

  it('refuses to send to an email kept unverified (a placeholder mailbox), and writes nothing', async () => {
    const placeholder = await addCustomer(env.crm, env.ctx, {
      givenName: 'Pat',
      email: 'noemail@pat.example.test',
    });
    expect(placeholder.contactPoints[0]).toMatchObject({ quality: 'unverified' });
    await expect(
      env.crm.services.messaging.send(env.ctx, {
        channel: 'email',
        partyId: placeholder.id,
        template: 'welcome',
        data: { note: 'x', total: '1' },
      }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED', details: { reason: 'invalid_address' } });
    expect(await env.crm.services.messaging.forParty(env.ctx, placeholder.id)).toEqual([]);
  });

  it('makes a variable missing from the data an INVALID_DATA error naming it, and writes nothing', async () => {
    const lin = await addCustomer(env.crm, env.ctx, { givenName: 'Lin', email: 'lin@example.test' });
    const error = await env.crm.services.messaging
      .send(env.ctx, { channel: 'email', partyId: lin.id, template: 'welcome', data: { total: '1' } })
      .catch((e: unknown) => e);
    expect(RapportError.is(error, 'INVALID_DATA')).toBe(true);
    expect((error as RapportError).message).toContain('email/welcome (en)');
    expect((error as RapportError).details.issues).toEqual([
      expect.objectContaining({ path: 'data.note', code: 'missing_variable' }),
    ]);
    expect(await env.crm.services.messaging.forParty(env.ctx, lin.id)).toEqual([]);
  });

  it('sends to a chosen contact point of the party', async () => {
    const { party } = await env.crm.services.parties.create(env.ctx, {
      kind: 'person',
      givenName: 'Mia',
      contactPoints: [
        { kind: 'email', value: 'mia@home.test' },
        { kind: 'email', value: 'mia@work.test' },
      ],
      consents: [{ channel: 'email', status: 'opted_in' }],
    });
    const work = party.contactPoints.find((cp) => cp.value === 'mia@work.test')!;
    const queued = await env.crm.services.messaging.send(env.ctx, {
      channel: 'email',
      contactPointId: work.id,
      template: 'welcome',
      data: { note: 'x', total: '2' },
    });
    expect(queued.address).toBe('mia@work.test');
    await settledMessage(env.crm, env.ctx, queued.id, ['sent']);
    expect(server.to('mia@work.test')).toHaveLength(1);
    expect(server.to('mia@home.test')).toHaveLength(0);
  });

  it('refuses bad input with INVALID_DATA naming the field', async () => {
    await expect(
      env.crm.services.messaging.send(env.ctx, { channel: 'email', template: 'welcome', data: {} } as never),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'partyId' })] },
    });
    await expect(
      env.crm.services.messaging.send(env.ctx, {
        channel: 'email',
        partyId: '0190a000-0000-7000-8000-000000000000',
        template: 'welcome',
        data: { party: 'me' },
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'data.party' })] },
    });
    await expect(
      env.crm.services.messaging.send(env.ctx, {
        channel: 'fax',
        partyId: '0190a000-0000-7000-8000-000000000000',
        template: 'welcome',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
