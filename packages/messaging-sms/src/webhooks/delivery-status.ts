/** What a delivery report says about a message; `undefined` for interim states (queued, sent…). */
export type DeliveryStatus =
  | { status: 'delivered' }
  | {
      status: 'failed';
      /** The number itself is to blame (unknown subscriber, illegal number): it is marked invalid. */
      numberAtFault: boolean;
      reason: string;
    };

/**
 * Twilio `ErrorCode`s of undelivered messages that blame the number: 30005 unknown destination
 * handset, 30006 landline or unreachable carrier (https://www.twilio.com/docs/api/errors/30005,
 * /30006), and 21211 / 21614 (invalid / not a mobile 'To').
 */
const TWILIO_NUMBER_ERRORS = new Set(['30005', '30006', '21211', '21614']);

/**
 * Twilio's `MessageStatus` (https://www.twilio.com/docs/messaging/guides/track-outbound-message-status):
 * `delivered` (and `read`) → delivered; `undelivered` / `failed` → failed with the `ErrorCode`;
 * `accepted`, `scheduled`, `queued`, `sending`, `sent` are interim.
 */
export function twilioDeliveryStatus(params: Record<string, string>): DeliveryStatus | undefined {
  const status = params.MessageStatus ?? params.SmsStatus;
  if (status === 'delivered' || status === 'read') return { status: 'delivered' };
  if (status !== 'undelivered' && status !== 'failed') return undefined;
  const code = params.ErrorCode ?? '';
  return {
    status: 'failed',
    numberAtFault: TWILIO_NUMBER_ERRORS.has(code),
    reason: `twilio ${status}${code ? ` (error ${code})` : ''}`,
  };
}

/** Vonage DLR `err-code`s that blame the number: 3 absent subscriber (permanent), 9 illegal number. */
const VONAGE_NUMBER_ERRORS = new Set(['3', '9']);

/**
 * A Vonage SMS API delivery receipt (https://developer.vonage.com/en/messaging/sms/guides/delivery-receipts):
 * `status` `delivered` → delivered; `failed`, `rejected`, `expired` → failed with `err-code`;
 * `accepted`, `buffered`, `unknown` are interim.
 */
export function vonageDeliveryStatus(params: Record<string, string>): DeliveryStatus | undefined {
  const status = params.status;
  if (status === 'delivered') return { status: 'delivered' };
  if (status !== 'failed' && status !== 'rejected' && status !== 'expired') return undefined;
  const code = params['err-code'] ?? '';
  return {
    status: 'failed',
    numberAtFault: VONAGE_NUMBER_ERRORS.has(code),
    reason: `vonage ${status}${code ? ` (err-code ${code})` : ''}`,
  };
}
