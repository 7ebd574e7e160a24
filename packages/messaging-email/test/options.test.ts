import { createCrm, f, RapportError } from '@rapport/core';
import { messagingPlugin } from '@rapport/messaging';
import { createTestDatabase } from '@rapport/testing';
import { describe, expect, it } from 'vitest';
import { classifySmtpError, emailPlugin, htmlToText } from '../src/index.js';
import { startSmtpServer } from '../src/testing/index.js';
import * as fixture from './fixture.js';
import { addCustomer, settledMessage } from './fixture.js';

describe('options of the email plugin', () => {
  it('refuses invalid options with INVALID_DATA naming each field, before anything starts', async () => {
    const database = await createTestDatabase();
    try {
      const error = await createCrm({
        database: { url: database.url },
        plugins: [
          messagingPlugin,
          emailPlugin.configure({
            from: '',
            unsubscribeUrl: 'https://crm.test/unsubscribe',
            smtp: { port: 0 },
            rate: -1,
          }),
        ],
      }).catch((e: unknown) => e);
      expect(RapportError.is(error, 'INVALID_DATA')).toBe(true);
      expect((error as RapportError).message).toContain('options of plugin @rapport/messaging-email');
      const paths = ((error as RapportError).details.issues as Array<{ path: string }>)
        .map((i) => i.path)
        .sort();
      expect(paths).toEqual(['from', 'rate', 'smtp.port', 'unsubscribeUrl']);
    } finally {
      await database.drop();
    }
  });

  it('without an unsubscribe link, direct mail is refused as a misconfiguration; single sends still work', async () => {
    const server = await startSmtpServer();
    const env = await fixture.emailEnv(server, { unsubscribeUrl: undefined });
    try {
      env.crm.services.templates.register({
        kind: 'email',
        name: 'hi',
        parts: { subject: 'Hi', text: 'x' },
      });
      const una = await addCustomer(env.crm, env.ctx, {
        givenName: 'Una',
        email: 'una@options.test',
        tags: ['u'],
      });
      await expect(
        env.crm.services.messaging.sendToSegment(env.ctx, {
          channel: 'email',
          template: 'hi',
          filter: f.tag('u'),
        }),
      ).rejects.toMatchObject({ code: 'PLUGIN_MISCONFIGURED' });
      const message = await env.crm.services.messaging.send(env.ctx, {
        channel: 'email',
        partyId: una.id,
        template: 'hi',
      });
      expect((await settledMessage(env.crm, env.ctx, message.id, ['sent', 'failed'])).status).toBe('sent');
      expect(server.to('una@options.test')).toHaveLength(1);
    } finally {
      await env.close();
      await server.close();
    }
  });
});

describe('SMTP error classification', () => {
  it('5xx at RCPT TO is permanent and blames the address', () => {
    expect(
      classifySmtpError({ responseCode: 550, command: 'RCPT TO', code: 'EENVELOPE', response: '550 no' }),
    ).toEqual({
      status: 'failed',
      permanent: true,
      invalidAddress: true,
      reason: '550 no',
    });
  });

  it('5xx at DATA is permanent, and blames the address only for a 5.1.x status', () => {
    expect(
      classifySmtpError({ responseCode: 554, command: 'DATA', response: '554 5.7.1 spam' }),
    ).toMatchObject({
      permanent: true,
      invalidAddress: false,
    });
    expect(
      classifySmtpError({ responseCode: 550, command: 'DATA', response: '550 5.1.1 unknown user' }),
    ).toMatchObject({
      permanent: true,
      invalidAddress: true,
    });
  });

  it('4xx, dropped connections, timeouts and authentication failures are transient', () => {
    for (const error of [
      { responseCode: 421, command: 'RCPT TO', response: '421 busy' },
      { code: 'ECONNECTION', message: 'Connection closed' },
      { code: 'ETIMEDOUT', message: 'Timeout' },
      { code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN', response: '535 bad credentials' },
    ])
      expect(classifySmtpError(error).permanent).toBe(false);
  });
});

describe('the text part derived from HTML', () => {
  it('keeps paragraphs, line breaks and link targets and decodes entities', () => {
    expect(
      htmlToText('<p>Hi &amp; welcome</p><p>See <a href="https://x.test/a">our offer</a><br>Bye</p>'),
    ).toBe('Hi & welcome\n\nSee our offer (https://x.test/a)\nBye');
  });

  it('keeps the target of every link, however its attribute is quoted, once when the text is the target', () => {
    expect(
      htmlToText(
        `<p><a href='https://x.test/single'>single</a> <a href=https://x.test/bare>bare</a> <a href="https://x.test/same">https://x.test/same</a></p>`,
      ),
    ).toBe('single (https://x.test/single) bare (https://x.test/bare) https://x.test/same');
  });

  it('keeps table cells apart, laid out in columns', () => {
    expect(
      htmlToText('<table><tr><td>Item</td><td>Price</td></tr><tr><td>Tea</td><td>3.50</td></tr></table>'),
    ).toBe('Item   Price\nTea    3.50');
  });

  it('turns an entity beyond Unicode into a replacement character instead of throwing', () => {
    expect(htmlToText('<p>Odd &#x110000; entity &eacute;</p>')).toBe('Odd \uFFFD entity \u00E9');
  });
});
