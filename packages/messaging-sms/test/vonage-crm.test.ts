import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmsWebhooks, type SmsWebhooks } from '../src/index.js';
import { signedVonageRequest, VonageTestServer } from '../src/testing/index.js';
import { addTexter, journalOf, settled, smsEnv, VONAGE } from './fixture.js';

const INBOUND_URL = 'https://crm.test/webhooks/sms/vonage/inbound';

describe('SMS through Vonage, end to end with a CRM', () => {
  const server = new VonageTestServer(VONAGE);
  let env: Awaited<ReturnType<typeof smsEnv>>;
  let webhooks: SmsWebhooks;

  beforeAll(async () => {
    await server.start();
    env = await smsEnv({
      provider: {
        provider: 'vonage',
        apiKey: VONAGE.apiKey,
        apiSecret: VONAGE.apiSecret,
        baseUrl: server.url,
        timeoutMs: 5_000,
      },
      senders: { default: 'AcmeShop' },
    });
    webhooks = createSmsWebhooks({
      crm: env.crm,
      vonage: { signatureSecret: VONAGE.signatureSecret, algorithm: 'sha256hmac' },
      resolveTenant: ({ accountId }) => (accountId === VONAGE.apiKey ? env.tenantId : undefined),
    });
  });
  afterAll(async () => {
    await env?.close();
    await server.close();
  });

  it('sends a Cyrillic SMS as unicode and a signed delivery receipt found by client-ref marks it delivered', async () => {
    const ivan = await addTexter(env.crm, env.ctx, { givenName: 'Иван', phone: '+447911123701' });
    const queued = await env.crm.services.messaging.send(env.ctx, {
      channel: 'sms',
      partyId: ivan.id,
      template: 'shipped',
      data: { order: '77' },
    });
    await settled(env.crm, env.ctx, queued.id, ['sent']);
    const received = server.received.find((m) => m.to === '447911123701')!;
    expect(received).toMatchObject({ from: 'AcmeShop', type: 'unicode', clientRef: queued.id });
    expect((await journalOf(env.crm, env.ctx, queued.id)).data).toMatchObject({
      encoding: 'UCS-2',
      segments: 1,
    });

    const receipt = (secret: string) =>
      signedVonageRequest(
        received.callback!,
        {
          msisdn: '447911123701',
          to: 'AcmeShop',
          messageId: received.messageIds[0]!,
          status: 'delivered',
          'err-code': '0',
          'client-ref': queued.id,
          'api-key': VONAGE.apiKey,
        },
        secret,
      );
    expect((await webhooks.vonageStatus(receipt('wrong-secret'))).status).toBe(403);
    expect((await env.crm.services.messaging.get(env.ctx, queued.id)).status).toBe('sent');
    expect((await webhooks.vonageStatus(receipt(VONAGE.signatureSecret))).status).toBe(200);
    expect((await env.crm.services.messaging.get(env.ctx, queued.id)).status).toBe('delivered');
  });

  it('records a receipt failed with an err-code that does not blame the number (handset busy) as failed, the number still usable', async () => {
    const kim = await addTexter(env.crm, env.ctx, { givenName: 'Kim', phone: '+447911123702' });
    const queued = await env.crm.services.messaging.send(env.ctx, {
      channel: 'sms',
      partyId: kim.id,
      template: 'shipped',
      data: { order: '78' },
    });
    await settled(env.crm, env.ctx, queued.id, ['sent']);
    const received = server.received.find((m) => m.to === '447911123702')!;
    const receipt = signedVonageRequest(
      received.callback!,
      {
        msisdn: '447911123702',
        messageId: received.messageIds[0]!,
        status: 'failed',
        'err-code': '7',
        'client-ref': queued.id,
        'api-key': VONAGE.apiKey,
      },
      VONAGE.signatureSecret,
    );
    expect((await webhooks.vonageStatus(receipt)).status).toBe(200);
    const failed = await env.crm.services.messaging.get(env.ctx, queued.id);
    expect(failed.status).toBe('failed');
    expect(failed.lastError).toBe('vonage failed (err-code 7)');
    expect((await journalOf(env.crm, env.ctx, queued.id)).data).toMatchObject({
      status: 'failed',
      reason: 'vonage failed (err-code 7)',
    });
    const again = await env.crm.services.messaging.send(env.ctx, {
      channel: 'sms',
      partyId: kim.id,
      template: 'shipped',
      data: { order: '79' },
    });
    expect(again.status).toBe('queued');
  });

  it('opts a party out on an inbound СТОП and refuses a replayed, stale one', async () => {
    const olga = await addTexter(env.crm, env.ctx, { givenName: 'Ольга', phone: '+447911123703' });
    const params = {
      msisdn: '447911123703',
      to: '447911123000',
      messageId: '0B00000001',
      text: 'стоп',
      type: 'unicode',
      'api-key': VONAGE.apiKey,
    };
    const stale = signedVonageRequest(
      INBOUND_URL,
      params,
      VONAGE.signatureSecret,
      'sha256hmac',
      Math.floor(Date.now() / 1000) - 3600,
    );
    expect((await webhooks.vonageInbound(stale)).status).toBe(403);
    expect(await env.crm.services.contactPoints.consentStatus(env.ctx, olga.id, 'sms')).toBe('opted_in');
    const fresh = signedVonageRequest(INBOUND_URL, params, VONAGE.signatureSecret);
    expect((await webhooks.vonageInbound(fresh)).status).toBe(200);
    expect(await env.crm.services.contactPoints.consentStatus(env.ctx, olga.id, 'sms')).toBe('opted_out');
  });

  it('records an expired receipt as failed and an err-code 3 (absent subscriber) one as bounced, marking the number invalid', async () => {
    const lea = await addTexter(env.crm, env.ctx, { givenName: 'Lea', phone: '+447911123704' });
    const max = await addTexter(env.crm, env.ctx, { givenName: 'Max', phone: '+447911123705' });
    const receiptFor = async (partyId: string, number: string, status: string, errCode: string) => {
      const queued = await env.crm.services.messaging.send(env.ctx, {
        channel: 'sms',
        partyId,
        template: 'shipped',
        data: { order: number.slice(-3) },
      });
      await settled(env.crm, env.ctx, queued.id, ['sent']);
      const received = server.received.find((m) => m.to === number)!;
      const request = signedVonageRequest(
        received.callback!,
        {
          msisdn: number,
          messageId: received.messageIds[0]!,
          status,
          'err-code': errCode,
          'client-ref': queued.id,
          'api-key': VONAGE.apiKey,
        },
        VONAGE.signatureSecret,
      );
      expect((await webhooks.vonageStatus(request)).status).toBe(200);
      return env.crm.services.messaging.get(env.ctx, queued.id);
    };
    const expired = await receiptFor(lea.id, '447911123704', 'expired', '5');
    expect(expired).toMatchObject({ status: 'failed', lastError: 'vonage expired (err-code 5)' });
    const bounced = await receiptFor(max.id, '447911123705', 'failed', '3');
    expect(bounced).toMatchObject({ status: 'bounced', lastError: 'vonage failed (err-code 3)' });
    const leaAgain = await env.crm.services.messaging.send(env.ctx, {
      channel: 'sms',
      partyId: lea.id,
      template: 'shipped',
      data: { order: '1' },
    });
    expect(leaAgain.status).toBe('queued');
    const maxAgain = await env.crm.services.messaging
      .send(env.ctx, {
        channel: 'sms',
        partyId: max.id,
        template: 'shipped',
        data: { order: '1' },
      })
      .catch((error: unknown) => error);
    expect(maxAgain).toMatchObject({ code: 'NOT_ALLOWED', details: { reason: 'invalid_address' } });
  });
});
