import { randomBytes } from 'node:crypto';
import { InvalidDataError } from '@rapport/core/plugin';

/**
 * Unsubscribe tokens: the tenant's id (32 hex digits, so a public link finds its tenant without a
 * session) followed by the message's secret (64 hex digits, random, stored with the message). The
 * secret is what makes a token unguessable; the tenant part only says where to look it up, and a
 * lookup happens under that tenant's row-level security.
 */
export const UNSUBSCRIBE_SECRET_SQL = `encode(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()), 'hex')`;

/** A fresh random secret (for messages created in JavaScript). */
export const newUnsubscribeSecret = (): string => randomBytes(32).toString('hex');

/** The token of a message: tenant and secret. */
export function unsubscribeToken(tenantId: string, secret: string): string {
  return `${tenantId.replaceAll('-', '').toLowerCase()}${secret}`;
}

/** Splits a token; anything but 96 hex digits is an invalid-data error on `token`. */
export function parseUnsubscribeToken(token: string): { tenantId: string; secret: string } {
  const value = typeof token === 'string' ? token.trim().toLowerCase() : '';
  if (!/^[0-9a-f]{96}$/.test(value)) {
    throw new InvalidDataError('unsubscribe token', [
      { path: 'token', message: 'is not an unsubscribe token', code: 'invalid_format' },
    ]);
  }
  const hex = value.slice(0, 32);
  const tenantId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { tenantId, secret: value.slice(32) };
}
