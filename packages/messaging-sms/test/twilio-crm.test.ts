import { RapportError } from '@rapport/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmsWebhooks, SMS_SERVICE, SmsTooLongError, type SmsWebhooks } from '../src/index.js';
import { signedTwilioRequest, TwilioTestServer } from '../src/testing/index.js';
import { addTexter, journalOf, STATUS_URL, settled, smsEnv, TWILIO } from './fixture.js';

const INBOUND_URL = 'https://crm.test/webhooks/sms/twilio/inbound';

describe('SMS through Twilio, end to end with a CRM', () => {
  const server = new TwilioTestServer(TWILIO);
  let env: Awaited<ReturnType<typeof smsEnv>>;
  let webhooks: SmsWebhooks;

  beforeAll(async () => {
    await server.start();
    env = await smsEnv({
      provider: { provider: 'twilio', ...TWILIO, baseUrl: server.url, timeoutMs: 5_000 },
    });
    webhooks = createSmsWebhooks({
      crm: env.crm,
      twilio: { authToken: TWILIO.authToken },
      resolveTenant: ({ to }) => (to === '+15005550006' ? env.tenantId : undefined),
    });
  });
  afterAll(async () => {
    await env?.close();
    await server.close();
  });

  const inbound = (from: string, body: string, sid: string, token = TWILIO.authToken) =>
    webhooks.twilioInbound(
      signedTwilioRequest(
        INBOUND_URL,
        {
          AccountSid: TWILIO.accountSid,
          From: from,
          To: '+15005550006',
          Body: body,
          MessageSid: sid,
          NumMedia: '0',
        },
        token,
      ),
    );

  it('sends one SMS to the local Twilio server, records segments and encoding, and a signed delivery report marks it delivered', async () => {
    const anna = await addTexter(env.crm, env.ctx, { givenName: 'Anna', phone: '+49 151 12345678' });
    const queued = await env.crm.services.messaging.send(env.ctx, {
      channel: 'sms',
      partyId: anna.id,
      template: 'shipped',
      data: { order: '10452' },
    });
    const sent = await settled(env.crm, env.ctx, queued.id, ['sent']);
    const received = server.received.find((m) => m.to === '+4915112345678');
    expect(received).toMatchObject({
      from: 'AcmeShop',
      body: 'Hi Anna, order 10452 has shipped. 5€ off next time [code SMS5]',
      segments: 1,
    });
    expect(sent.providerId).toBe(received!.sid);
    const callback = new URL(received!.statusCallback!);
    expect(`${callback.origin}${callback.pathname}`).toBe(STATUS_URL);
    expect(callback.searchParams.get('tenant')).toBe(env.tenantId);
    expect(callback.searchParams.get('message')).toBe(queued.id);

    const entry = await journalOf(env.crm, env.ctx, queued.id);
    expect(entry).toMatchObject({ type: 'sms', direction: 'outbound' });
    expect(entry.data).toMatchObject({
      status: 'sent',
      segments: 1,
      encoding: 'GSM-7',
      from: 'AcmeShop',
      to: '+4915112345678',
    });

    const report = signedTwilioRequest(
      received!.statusCallback!,
      {
        AccountSid: TWILIO.accountSid,
        MessageSid: received!.sid,
        MessageStatus: 'delivered',
        From: 'AcmeShop',
        To: '+4915112345678',
      },
      TWILIO.authToken,
    );
    expect((await webhooks.twilioStatus(report)).status).toBe(200);
    expect((await env.crm.services.messaging.get(env.ctx, queued.id)).status).toBe('delivered');
    expect((await journalOf(env.crm, env.ctx, queued.id)).data).toMatchObject({
      status: 'delivered',
      segments: 1,
    });
  });

  it('refuses a delivery report with a bad signature with 403 and changes nothing', async () => {
    const bob = await addTexter(env.crm, env.ctx, { givenName: 'Bob', phone: '+447911123200' });
    const queued = await env.crm.services.messaging.send(env.ctx, {
      channel: 'sms',
      partyId: bob.id,
      template: 'shipped',
      data: { order: '1' },
    });
    await settled(env.crm, env.ctx, queued.id, ['sent']);
    const received = server.received.find((m) => m.to === '+447911123200')!;
    expect(received.from).toBe('+15005550006');
    const forged = signedTwilioRequest(
      received.statusCallback!,
      {
        AccountSid: TWILIO.accountSid,
        MessageSid: received.sid,
        MessageStatus: 'undelivered',
        ErrorCode: '30005',
      },
      'not-the-auth-token',
    );
    expect((await webhooks.twilioStatus(forged)).status).toBe(403);
    expect((await env.crm.services.messaging.get(env.ctx, queued.id)).status).toBe('sent');
    // The same report, signed, bounces it: 30005 blames the number, which is then marked invalid.
    const genuine = signedTwilioRequest(
      received.statusCallback!,
      {
        AccountSid: TWILIO.accountSid,
        MessageSid: received.sid,
        MessageStatus: 'undelivered',
        ErrorCode: '30005',
      },
      TWILIO.authToken,
    );
    expect((await webhooks.twilioStatus(genuine)).status).toBe(200);
    expect((await env.crm.services.messaging.get(env.ctx, queued.id)).status).toBe('bounced');
    expect((await journalOf(env.crm, env.ctx, queued.id)).data).toMatchObject({
      status: 'bounced',
      reason: 'twilio undelivered (error 30005)',
    });
  });

  it('opts a party out on an inbound STOP, skips the next send as opted_out, and opts back in on START', async () => {
    const cleo = await addTexter(env.crm, env.ctx, { givenName: 'Cleo', phone: '+447911123300' });
    const forged = await inbound('+447911123300', 'STOP', 'SMforged', 'wrong-token');
    expect(forged.status).toBe(403);
    expect(await env.crm.services.contactPoints.consentStatus(env.ctx, cleo.id, 'sms')).toBe('opted_in');

    const reply = await inbound('+447911123300', ' stop ', 'SM00000000000000000000000000000301');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('text/xml');
    expect(await reply.text()).toContain('<Response></Response>');
    expect(await env.crm.services.contactPoints.consentStatus(env.ctx, cleo.id, 'sms')).toBe('opted_out');

    const before = server.received.length;
    const refused = await env.crm.services.messaging
      .send(env.ctx, { channel: 'sms', partyId: cleo.id, template: 'shipped', data: { order: '2' } })
      .catch((e: unknown) => e);
    expect(RapportError.is(refused, 'NOT_ALLOWED')).toBe(true);
    expect((refused as RapportError).details).toMatchObject({ reason: 'opted_out' });
    expect(server.received.length).toBe(before);

    await inbound('+447911123300', 'Start', 'SM00000000000000000000000000000302');
    expect(await env.crm.services.contactPoints.consentStatus(env.ctx, cleo.id, 'sms')).toBe('opted_in');
  });

  it('records any other inbound text as an incoming sms journal entry on the party, once per provider message', async () => {
    const dora = await addTexter(env.crm, env.ctx, { givenName: 'Dora', phone: '+447911123400' });
    const sid = 'SM00000000000000000000000000000401';
    expect((await inbound('+447911123400', 'Можно перенести доставку на пятницу?', sid)).status).toBe(200);
    expect((await inbound('+447911123400', 'Можно перенести доставку на пятницу?', sid)).status).toBe(200);
    const timeline = await env.crm.services.timeline.timeline(env.ctx, dora.id);
    const texts = timeline.items.filter((item: { type: string }) => item.type === 'sms');
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({
      direction: 'inbound',
      data: {
        from: '+447911123400',
        text: 'Можно перенести доставку на пятницу?',
        encoding: 'UCS-2',
        segments: 1,
        providerId: sid,
      },
    });
  });

  it('answers an inbound SMS from an unknown number with 200 and records nothing', async () => {
    const reply = await inbound('+447911123999', 'who is this?', 'SM00000000000000000000000000000999');
    expect(reply.status).toBe(200);
  });

  it('never texts a phone number kept unverified', async () => {
    const odd = await addTexter(env.crm, env.ctx, { givenName: 'Odd', phone: '(5) 555-4729' });
    expect(odd.contactPoints[0]).toMatchObject({ kind: 'phone', quality: 'unverified' });
    const before = server.received.length;
    const refused = await env.crm.services.messaging
      .send(env.ctx, { channel: 'sms', partyId: odd.id, template: 'shipped', data: { order: '3' } })
      .catch((e: unknown) => e);
    expect(RapportError.is(refused, 'NOT_ALLOWED')).toBe(true);
    expect((refused as RapportError).details).toMatchObject({ reason: 'invalid_address' });
    expect(server.received.length).toBe(before);
  });

  it('refuses through messaging.send a text longer than the maximum segments with SmsTooLongError, nothing written', async () => {
    const eve = await addTexter(env.crm, env.ctx, { givenName: 'Eve', phone: '+447911123500' });
    const error = await env.crm.services.messaging
      .send(env.ctx, { channel: 'sms', partyId: eve.id, template: 'essay', data: { body: 'Ж'.repeat(250) } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmsTooLongError);
    expect(error).toMatchObject({
      code: 'INVALID_DATA',
      details: { segments: 4, max: 3, encoding: 'UCS-2', issues: [{ path: 'text' }] },
    });
    expect(await env.crm.services.messaging.forParty(env.ctx, eve.id)).toEqual([]);
    expect(server.received.some((m) => m.to === '+447911123500')).toBe(false);
  });

  it('waits out a short Retry-After once and sends, and marks a number Twilio calls invalid', async () => {
    const fay = await addTexter(env.crm, env.ctx, { givenName: 'Fay', phone: '+447911123600' });
    server.failFor('+447911123600', { kind: 'rate_limit', times: 1, retryAfterSeconds: 0 });
    const first = await env.crm.services.messaging.send(env.ctx, {
      channel: 'sms',
      partyId: fay.id,
      template: 'shipped',
      data: { order: '4' },
    });
    expect((await settled(env.crm, env.ctx, first.id, ['sent'])).attempts).toBe(1);

    server.failFor('+447911123600', 'invalid_number');
    const second = await env.crm.services.messaging.send(env.ctx, {
      channel: 'sms',
      partyId: fay.id,
      template: 'shipped',
      data: { order: '5' },
    });
    const bounced = await settled(env.crm, env.ctx, second.id, ['bounced']);
    expect(bounced.lastError).toContain('21211');
    const third = await env.crm.services.messaging
      .send(env.ctx, { channel: 'sms', partyId: fay.id, template: 'shipped', data: { order: '6' } })
      .catch((e: unknown) => e);
    expect((third as RapportError).details).toMatchObject({ reason: 'invalid_address' });
  });

  it('previews a rendered SMS with its segments and encoding for a party', async () => {
    const gus = await addTexter(env.crm, env.ctx, { givenName: 'Gus', phone: '+447911123700' });
    const sms = env.crm.container.resolve(SMS_SERVICE);
    expect(
      await sms.preview(env.ctx, { template: 'shipped', partyId: gus.id, data: { order: '8' } }),
    ).toMatchObject({
      text: 'Hi Gus, order 8 has shipped. 5€ off next time [code SMS5]',
      encoding: 'GSM-7',
      segments: 1,
      units: 60,
      maxSegments: 3,
      locale: 'en',
    });
  });

  it('refuses through sms.send a text over the maximum before anything is written', async () => {
    const hal = await addTexter(env.crm, env.ctx, { givenName: 'Hal', phone: '+447911123800' });
    const sms = env.crm.container.resolve(SMS_SERVICE);
    const error = await sms
      .send(env.ctx, { partyId: hal.id, template: 'essay', data: { body: '😀'.repeat(101) } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmsTooLongError);
    expect((error as SmsTooLongError).details).toMatchObject({ segments: 4, max: 3, encoding: 'UCS-2' });
    expect(await env.crm.services.messaging.forParty(env.ctx, hal.id)).toEqual([]);
    const sent = await sms.send(env.ctx, { partyId: hal.id, template: 'essay', data: { body: 'short' } });
    expect((await settled(env.crm, env.ctx, sent.id, ['sent'])).channel).toBe('sms');
  });

  it('answers 503 to a delivery report that beats its send, and applies it once the send is recorded', async () => {
    const ida = await addTexter(env.crm, env.ctx, { givenName: 'Ida', phone: '+447911123900' });
    const eager = createSmsWebhooks({
      crm: env.crm,
      twilio: { authToken: TWILIO.authToken },
      resolveTenant: () => env.tenantId,
      pendingReport: { attempts: 2, delayMs: 10 },
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    const queued = await env.crm.services.messaging.send(env.ctx, {
      channel: 'sms',
      partyId: ida.id,
      template: 'shipped',
      data: { order: '9' },
    });
    const url = `${STATUS_URL}?tenant=${env.tenantId}&message=${queued.id}`;
    const report = () =>
      signedTwilioRequest(
        url,
        { AccountSid: TWILIO.accountSid, MessageSid: 'SMearly', MessageStatus: 'delivered' },
        TWILIO.authToken,
      );
    const early = await eager.twilioStatus(report());
    expect(early.status).toBe(503);
    expect(early.headers.get('retry-after')).toBe('30');
    await settled(env.crm, env.ctx, queued.id, ['sent']);
    expect((await eager.twilioStatus(report())).status).toBe(200);
    expect((await env.crm.services.messaging.get(env.ctx, queued.id)).status).toBe('delivered');
  });

  it('records Twilio undelivered (30003, handset unreachable) and failed (30007, carrier filter) reports as failed, the number still usable', async () => {
    const jo = await addTexter(env.crm, env.ctx, { givenName: 'Jo', phone: '+447911123950' });
    for (const [status, code] of [
      ['undelivered', '30003'],
      ['failed', '30007'],
    ] as const) {
      const queued = await env.crm.services.messaging.send(env.ctx, {
        channel: 'sms',
        partyId: jo.id,
        template: 'shipped',
        data: { order: code },
      });
      await settled(env.crm, env.ctx, queued.id, ['sent']);
      const received = server.received.find((m) => m.to === '+447911123950' && m.body.includes(code))!;
      const report = signedTwilioRequest(
        received.statusCallback!,
        { AccountSid: TWILIO.accountSid, MessageSid: received.sid, MessageStatus: status, ErrorCode: code },
        TWILIO.authToken,
      );
      expect((await webhooks.twilioStatus(report)).status).toBe(200);
      const message = await env.crm.services.messaging.get(env.ctx, queued.id);
      expect(message).toMatchObject({ status: 'failed', lastError: `twilio ${status} (error ${code})` });
      expect((await journalOf(env.crm, env.ctx, queued.id)).data).toMatchObject({
        status: 'failed',
        reason: `twilio ${status} (error ${code})`,
      });
    }
    const again = await env.crm.services.messaging.send(env.ctx, {
      channel: 'sms',
      partyId: jo.id,
      template: 'shipped',
      data: { order: '1' },
    });
    expect(again.status).toBe('queued');
  });
});
