import type { SmsSendOutcome } from './sms-transport.js';

/** Twilio's error body (https://www.twilio.com/docs/usage/twilios-response#response-formats-exceptions). */
export interface TwilioErrorBody {
  code?: number;
  message?: string;
  more_info?: string;
  status?: number;
}

/**
 * 'To' numbers Twilio refuses because of the number itself: 21211 invalid 'To'
 * (https://www.twilio.com/docs/api/errors/21211), 21614 'To' is not a mobile number
 * (https://www.twilio.com/docs/api/errors/21614), 21612 'To' unroutable, 21635 'To' is a landline.
 */
const INVALID_NUMBER_CODES = new Set([21211, 21612, 21614, 21635]);

/**
 * Classifies a Twilio REST reply that is not a success. 429 (Twilio code 20429, too many
 * requests) and 5xx are transient, with the `Retry-After` Twilio sent. 401 (20003, bad
 * credentials) is transient too: a configuration problem to fix, not a reason to lose the message
 * (as the email channel does with SMTP authentication). Invalid or non-mobile 'To' numbers are
 * `invalid_number`; 21610 (the recipient replied STOP to this sender,
 * https://www.twilio.com/docs/api/errors/21610) and every other 4xx are permanent.
 */
export function classifyTwilioReply(
  status: number,
  body: TwilioErrorBody | undefined,
  retryAfterSeconds: number | undefined,
): Extract<SmsSendOutcome, { status: 'failed' }> {
  const code = body?.code;
  const reason = `twilio ${status}${code ? ` (${code})` : ''}: ${body?.message ?? 'no error message'}`.slice(
    0,
    1000,
  );
  const base = { reason, ...(code !== undefined ? { providerCode: String(code) } : {}) };
  if (status === 429 || status >= 500 || status === 401 || code === 20429 || code === 20003) {
    return {
      status: 'failed',
      kind: 'transient',
      ...base,
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    };
  }
  if (code !== undefined && INVALID_NUMBER_CODES.has(code))
    return { status: 'failed', kind: 'invalid_number', ...base };
  return { status: 'failed', kind: 'permanent', ...base };
}
