import { randomBytes } from 'node:crypto';
import { twilioSignature } from '../webhooks/twilio-signature.js';
import { type VonageSignatureAlgorithm, vonageSignature } from '../webhooks/vonage-signature.js';

/**
 * A webhook request as Twilio sends it: form-encoded POST to `url`, signed with the auth token in
 * `X-Twilio-Signature`.
 */
export function signedTwilioRequest(url: string, params: Record<string, string>, authToken: string): Request {
  return new Request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(authToken, url, params),
    },
    body: new URLSearchParams(params).toString(),
  });
}

/**
 * A webhook request as the Vonage SMS API sends it (POST, form-encoded), with `timestamp`, `nonce`
 * and `sig` added.
 */
export function signedVonageRequest(
  url: string,
  params: Record<string, string>,
  secret: string,
  algorithm: VonageSignatureAlgorithm = 'sha256hmac',
  timestamp = Math.floor(Date.now() / 1000),
): Request {
  const signed: Record<string, string> = {
    ...params,
    timestamp: String(timestamp),
    nonce: randomBytes(8).toString('hex'),
  };
  signed.sig = vonageSignature(secret, signed, algorithm);
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(signed).toString(),
  });
}
