import { f } from '@rapport/core/plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTexter, smsEnv, TWILIO } from './fixture.js';

describe('the cost of an SMS direct mail before it starts', () => {
  let env: Awaited<ReturnType<typeof smsEnv>>;

  beforeAll(async () => {
    env = await smsEnv({
      // Nothing is sent: no provider server is needed.
      provider: { provider: 'twilio', ...TWILIO, baseUrl: 'http://127.0.0.1:9', timeoutMs: 1_000 },
      unsubscribeUrl: 'https://crm.test/u/{token}',
      prices: { currency: 'EUR', perSegment: { DE: '0.075', GB: '0.04' } },
    });
    env.crm.services.templates.register({
      kind: 'sms',
      name: 'promo',
      locale: 'en',
      parts: { text: 'Hi {{party.givenName}}, {{body}}' },
    });
    env.crm.services.templates.register({
      kind: 'sms',
      name: 'promo',
      locale: 'ru',
      parts: { text: 'Привет, {{party.givenName}}! {{body}}' },
    });
    const add = (givenName: string, phone: string, extra: { locale?: string; consent?: null } = {}) =>
      addTexter(env.crm, env.ctx, { givenName, phone, tags: ['est'], ...extra });
    await add('Anna', '+4915112345001');
    await add('Ben', '+4915112345002');
    await add('Cy', '+447400123001');
    await add('Di', '+819012345001');
    await add('Глеб', '+447400123002', { locale: 'ru' });
    await add('Ed', '+4915112345003', { consent: null });
  });
  afterAll(async () => {
    await env?.close();
  });

  it('counts recipients by country and segments per locale, and prices them exactly, listing unpriced countries', async () => {
    const estimate = await env.crm.services.sms.estimate(env.ctx, {
      filter: f.tag('est'),
      template: 'promo',
      data: { body: 'x'.repeat(160) },
    });
    // en: "Hi Anna, " + 160 = 169 GSM-7 characters → 2 segments (153 each); the longest given name
    // of the locale is used. ru: "Привет, Глеб! " + 160 = 174 UCS-2 characters → 3 segments (67 each).
    expect(estimate).toEqual({
      recipients: 5,
      skipped: 1,
      byLocale: [
        { locale: 'en', recipients: 4, segmentsPerMessage: 2, encoding: 'GSM-7' },
        { locale: 'ru', recipients: 1, segmentsPerMessage: 3, encoding: 'UCS-2' },
      ],
      byCountry: [
        { country: 'DE', recipients: 2, segments: 4 },
        { country: 'GB', recipients: 2, segments: 5 },
        { country: 'JP', recipients: 1, segments: 2 },
      ],
      segments: 11,
      cost: {
        currency: 'EUR',
        // DE 4 × 0.075 = 0.30; GB (2 + 3) × 0.04 = 0.20; JP has no price.
        total: '0.50',
        segments: 9,
        byCountry: [
          { country: 'DE', recipients: 2, segments: 4, unitPrice: '0.075', cost: '0.30' },
          { country: 'GB', recipients: 2, segments: 5, unitPrice: '0.04', cost: '0.20' },
        ],
        unpriced: ['JP'],
      },
    });
  });

  it('writes nothing: no mailing and no message exists after an estimate', async () => {
    await env.crm.services.sms.estimate(env.ctx, {
      filter: f.tag('est'),
      template: 'promo',
      data: { body: 'short' },
    });
    const [counts] = await env.crm.transaction(env.ctx, (tx) =>
      tx.sql<{ mailings: number; messages: number }>(
        `select (select count(*)::int from messaging_mailing where tenant_id = $1) as mailings,
                (select count(*)::int from messaging_message where tenant_id = $1) as messages`,
        [env.tenantId],
      ),
    );
    expect(counts).toEqual({ mailings: 0, messages: 0 });
  });

  it('refuses an estimate given both a segment and a filter with INVALID_DATA on segmentId', async () => {
    const error = await env.crm.services.sms
      .estimate(env.ctx, {
        filter: f.tag('est'),
        segmentId: '01890a5d-ac96-774b-bcce-b302099a8057',
        template: 'promo',
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_DATA', details: { issues: [{ path: 'segmentId' }] } });
  });

  it('refuses data that names a key messaging fills in (unsubscribeUrl) with INVALID_DATA on that key', async () => {
    const error = await env.crm.services.sms
      .estimate(env.ctx, {
        filter: f.tag('est'),
        template: 'promo',
        data: { body: 'b', unsubscribeUrl: 'x' },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [{ path: 'data.unsubscribeUrl' }] },
    });
  });
});
