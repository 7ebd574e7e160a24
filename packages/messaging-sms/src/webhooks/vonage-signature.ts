import { createHash, createHmac } from 'node:crypto';
import { safeEqual } from './twilio-signature.js';

/** The signing methods of Vonage's signature secret (Dashboard → Settings). */
export type VonageSignatureAlgorithm = 'md5hash' | 'md5hmac' | 'sha1hmac' | 'sha256hmac' | 'sha512hmac';

const HMAC: Record<Exclude<VonageSignatureAlgorithm, 'md5hash'>, string> = {
  md5hmac: 'md5',
  sha1hmac: 'sha1',
  sha256hmac: 'sha256',
  sha512hmac: 'sha512',
};

/**
 * The `sig` of a signed SMS API webhook (https://developer.vonage.com/en/getting-started/concepts/signing-messages):
 * every parameter but `sig`, sorted by name, as `&name=value` with `&` and `=` inside values
 * replaced by `_`; `md5hash` is the MD5 of that string followed by the signature secret, the HMAC
 * methods key the hash with the secret. Hex; compared case-insensitively (the HMAC methods send
 * upper case). We implement the SMS API's scheme because delivery receipts and inbound SMS of the
 * SMS API use it; the Messages API's JWT scheme is for that other API.
 */
export function vonageSignature(
  secret: string,
  params: Record<string, string>,
  algorithm: VonageSignatureAlgorithm,
): string {
  let query = '';
  for (const key of Object.keys(params).sort()) {
    if (key === 'sig') continue;
    query += `&${key}=${String(params[key]).replace(/[&=]/g, '_')}`;
  }
  if (algorithm === 'md5hash')
    return createHash('md5')
      .update(query + secret, 'utf8')
      .digest('hex');
  return createHmac(HMAC[algorithm], secret).update(query, 'utf8').digest('hex').toUpperCase();
}

/**
 * True when the parameters carry a valid `sig` and a `timestamp` (Unix seconds) no older or newer
 * than `maxAgeSeconds`: a captured webhook cannot be replayed later.
 */
export function verifyVonageSignature(
  secret: string,
  params: Record<string, string>,
  options: { algorithm: VonageSignatureAlgorithm; maxAgeSeconds: number; now?: number },
): boolean {
  const sig = params.sig;
  if (!sig) return false;
  const timestamp = Number(params.timestamp);
  const now = (options.now ?? Date.now()) / 1000;
  if (!Number.isFinite(timestamp) || Math.abs(now - timestamp) > options.maxAgeSeconds) return false;
  return safeEqual(sig.toUpperCase(), vonageSignature(secret, params, options.algorithm).toUpperCase());
}
