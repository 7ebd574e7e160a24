import { messagingPlugin } from '@rapport/messaging';
import { createTestCrm } from '@rapport/testing';
import { describe, expect, it } from 'vitest';
import { SmsOptionsSchema, smsPlugin } from '../src/index.js';

const twilio = { provider: 'twilio', accountSid: 'AC1', authToken: 'token' } as const;

describe('SMS options', () => {
  it('fills in the defaults: opt-in consent, at most 3 segments, Twilio production URL', () => {
    const options = SmsOptionsSchema.parse({ provider: twilio, senders: { default: 'AcmeShop' } });
    expect(options).toMatchObject({
      consentPolicy: 'opt-in',
      maxSegments: 3,
      provider: { provider: 'twilio', baseUrl: 'https://api.twilio.com' },
      senders: { default: 'AcmeShop', byCountry: {}, byTenant: {} },
    });
  });

  it('refuses a sender id longer than 11 characters, a bad country key and a quiet window of HH:MM typos', () => {
    const result = SmsOptionsSchema.safeParse({
      provider: twilio,
      senders: { default: 'AcmeShopOnline', byCountry: { Germany: 'Acme' } },
      quietHours: { start: '9pm', end: '08:00' },
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining(['senders.default', 'senders.byCountry.Germany', 'quietHours.start']),
    );
  });

  it('refuses to start a CRM with a provider that is not configured, naming the field', async () => {
    await expect(
      createTestCrm({
        migrate: false,
        plugins: [
          messagingPlugin,
          smsPlugin.configure({
            provider: { provider: 'vonage', apiKey: 'k' } as never,
            senders: { default: 'Acme' },
          }),
        ],
      }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/INVALID_DATA|PLUGIN_MISCONFIGURED/) });
  });
});
