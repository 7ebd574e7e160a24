import type { SmsSendOutcome } from './sms-transport.js';

/** One entry of the SMS API's `messages` array (one per segment sent). */
export interface VonageMessageStatus {
  status?: string;
  'message-id'?: string;
  'error-text'?: string;
  to?: string;
}

/**
 * The SMS API's status codes (https://developer.vonage.com/en/api-errors/sms and
 * https://developer.vonage.com/en/messaging/sms/guides/troubleshooting-sms), as we act on them:
 * - transient: 1 throttled, 5 internal error, 10 too many binds; and 4 invalid credentials, 8
 *   account barred, 9 partner quota (no credit: top up and retry), 14 invalid signature — account
 *   problems to fix, not reasons to lose the message (bounded by the channel's retries);
 * - invalid number: 6 invalid message (an unrecognised number prefix), 7 number barred, 33 number
 *   de-activated;
 * - permanent: everything else (2 missing parameters, 3 invalid parameters, 12 message too long,
 *   15 invalid sender address, 29 non-whitelisted destination…).
 */
const TRANSIENT = new Set(['1', '4', '5', '8', '9', '10', '14']);
const INVALID_NUMBER = new Set(['6', '7', '33']);

/** Classifies a non-zero SMS API status. */
export function classifyVonageStatus(
  entry: VonageMessageStatus,
  retryAfterSeconds?: number,
): Extract<SmsSendOutcome, { status: 'failed' }> {
  const code = entry.status ?? '?';
  const reason = `vonage status ${code}: ${entry['error-text'] ?? 'no error text'}`.slice(0, 1000);
  const kind = TRANSIENT.has(code) ? 'transient' : INVALID_NUMBER.has(code) ? 'invalid_number' : 'permanent';
  return {
    status: 'failed',
    kind,
    reason,
    providerCode: code,
    ...(kind === 'transient' && retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  };
}
