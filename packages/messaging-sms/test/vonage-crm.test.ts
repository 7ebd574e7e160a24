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

  it('keeps a failure that does not blame the number (handset busy) from marking it invalid', async () => {
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
    expect((await env.crm.services.messaging.get(env.ctx, queued.id)).status).toBe('sent');
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
});
