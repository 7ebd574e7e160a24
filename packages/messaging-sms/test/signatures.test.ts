import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  twilioSignature,
  verifyTwilioSignature,
  verifyVonageSignature,
  vonageSignature,
} from '../src/index.js';

describe("Twilio's X-Twilio-Signature", () => {
  // The example of https://www.twilio.com/docs/usage/security#validating-requests.
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = {
    CallSid: 'CA1234567890ABCDE',
    Caller: '+12349013030',
    Digits: '1234',
    From: '+12349013030',
    To: '+18005551212',
  };

  it("matches Twilio's documented example", () => {
    expect(twilioSignature('12345', url, params)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('accepts the right signature and refuses a changed parameter, URL, token or a missing header', () => {
    const signature = twilioSignature('12345', url, params);
    expect(verifyTwilioSignature('12345', signature, url, params)).toBe(true);
    expect(verifyTwilioSignature('12345', signature, url, { ...params, Digits: '9999' })).toBe(false);
    expect(verifyTwilioSignature('12345', signature, `${url}&tenant=other`, params)).toBe(false);
    expect(verifyTwilioSignature('54321', signature, url, params)).toBe(false);
    expect(verifyTwilioSignature('12345', null, url, params)).toBe(false);
  });
});

describe('Vonage SMS API signed webhooks', () => {
  const secret = 'vonage-signature-secret';
  const now = Date.UTC(2026, 5, 10, 12, 0, 0);
  const params = {
    msisdn: '447700900123',
    to: '447700900000',
    messageId: '0A0000000123ABCD1',
    text: 'Hi & bye = ok',
    type: 'text',
    'api-key': 'abcd1234',
    timestamp: String(now / 1000),
    nonce: 'a1b2c3',
  };

  it('signs the sorted parameters with & and = in values replaced, under every method', () => {
    for (const algorithm of ['md5hash', 'md5hmac', 'sha1hmac', 'sha256hmac', 'sha512hmac'] as const) {
      const sig = vonageSignature(secret, params, algorithm);
      expect(verifyVonageSignature(secret, { ...params, sig }, { algorithm, maxAgeSeconds: 300, now })).toBe(
        true,
      );
    }
    // md5hash is MD5 over "&k=v…" + secret, as Vonage documents: computed independently here.
    const query =
      '&api-key=abcd1234&messageId=0A0000000123ABCD1&msisdn=447700900123&nonce=a1b2c3&text=Hi _ bye _ ok' +
      `&timestamp=${now / 1000}&to=447700900000&type=text`;
    expect(vonageSignature(secret, params, 'md5hash')).toBe(
      createHash('md5')
        .update(query + secret)
        .digest('hex'),
    );
  });

  it('refuses a tampered text, a wrong secret, a missing sig and a stale timestamp', () => {
    const options = { algorithm: 'sha256hmac' as const, maxAgeSeconds: 300, now };
    const sig = vonageSignature(secret, params, 'sha256hmac');
    expect(verifyVonageSignature(secret, { ...params, sig: sig.toLowerCase() }, options)).toBe(true);
    expect(verifyVonageSignature(secret, { ...params, text: 'STOP', sig }, options)).toBe(false);
    expect(verifyVonageSignature('other', { ...params, sig }, options)).toBe(false);
    expect(verifyVonageSignature(secret, params, options)).toBe(false);
    expect(verifyVonageSignature(secret, { ...params, sig }, { ...options, now: now + 301_000 })).toBe(false);
  });
});
