import type { InjectionToken } from '@rapport/core/plugin';
import type { SmsEncoding } from '../encoding/measure.js';

/** One SMS, as any provider needs it. */
export interface SmsRequest {
  /** The recipient in E.164 (`+447700900123`). */
  to: string;
  /** The sender id: a number in E.164, or an alphanumeric id (`AcmeShop`, at most 11 characters). */
  from: string;
  text: string;
  /** How the text goes on the air (a provider may need to be told: Vonage `type=unicode`). */
  encoding: SmsEncoding;
  /** Our message id: the provider's client reference, so delivery reports find the message. */
  messageId: string;
  /** Where the provider posts delivery reports for this message (our message id in its query). */
  statusCallbackUrl?: string;
}

/**
 * What a provider said. `sent`: accepted (not yet delivered; a delivery report follows).
 * `failed`: `transient` (try again later; `retryAfterSeconds` when the provider said when),
 * `permanent` (never retried), `invalid_number` (permanent, and the number is to blame).
 */
export type SmsSendOutcome =
  | { status: 'sent'; providerId: string; segments?: number; response?: string }
  | {
      status: 'failed';
      kind: 'transient' | 'permanent' | 'invalid_number';
      reason: string;
      /** The provider's own error code (`21211`, Vonage status `6`). */
      providerCode?: string;
      retryAfterSeconds?: number;
    };

/**
 * Sends one SMS through one provider. The package ships Twilio and Vonage; any other gateway
 * implements this. `send` classifies failures in its result instead of throwing.
 */
export interface SmsTransport {
  /** The provider's name (`twilio`, `vonage`), recorded with messages. */
  readonly provider: string;
  send(request: SmsRequest, signal?: AbortSignal): Promise<SmsSendOutcome>;
  /** Releases connections (called when the CRM closes). */
  close?(): Promise<void>;
}

/** Token of the CRM's SMS transport. */
export const SMS_TRANSPORT: InjectionToken<SmsTransport> = Symbol('rapport.messaging-sms.transport');
