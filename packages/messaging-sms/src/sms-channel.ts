import { measureSms } from './encoding/measure.js';
import { requireSmsLength } from './encoding/too-long.js';
import type { DeliveryOutcome, MessageChannel, OutgoingMessage, SendTimeQuery } from './messaging-api.js';
import type { SmsOptions } from './options.js';
import type { SmsSendOutcome, SmsTransport } from './providers/sms-transport.js';
import type { QuietWindow } from './scheduling/quiet-hours.js';
import { nextSendTime } from './scheduling/recipient-time.js';
import { senderFor } from './senders/sender-id.js';

const E164 = /^\+[1-9]\d{6,14}$/;

/** The status-callback URL of one message: the configured URL with `tenant` and `message` in its query. */
export function statusCallbackFor(base: string, message: { tenantId: string; id: string }): string {
  const url = new URL(base);
  url.searchParams.set('tenant', message.tenantId);
  url.searchParams.set('message', message.id);
  return url.toString();
}

function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * The channel's `notBefore` under quiet hours: the end of the window in the recipient's zones (the
 * number's country; else the tenant's zone), or null when it may go now.
 */
function quietHoursOf(options: SmsOptions, window: QuietWindow): (query: SendTimeQuery) => Date | null {
  return ({ to, tenantTimeZone, now }) => {
    const at = nextSendTime({ now, to, window, tenantTimeZone, defaultTimeZone: options.defaultTimeZone });
    return at.getTime() > now.getTime() ? at : null;
  };
}

/** A provider's outcome as core records it: an invalid number marks the contact point unusable. */
export function toDeliveryOutcome(outcome: SmsSendOutcome): DeliveryOutcome {
  if (outcome.status === 'sent') {
    return {
      status: 'sent',
      providerId: outcome.providerId,
      ...(outcome.response ? { response: outcome.response } : {}),
    };
  }
  if (outcome.kind === 'invalid_number') {
    return { status: 'failed', permanent: true, invalidAddress: true, reason: outcome.reason };
  }
  const after =
    outcome.retryAfterSeconds === undefined ? '' : ` (retry after ${outcome.retryAfterSeconds} s)`;
  return { status: 'failed', permanent: outcome.kind === 'permanent', reason: `${outcome.reason}${after}` };
}

/**
 * Delivers one rendered SMS: refuses a text over `maxSegments` (the channel's `check` refuses it
 * before it is queued; this catches messages queued before) and an address that is not E.164
 * (both permanent, nothing sent), picks the sender id, adds the status callback, and waits out a
 * short `Retry-After` once before reporting a rate limit as transient.
 */
export async function deliverSms(
  message: OutgoingMessage,
  options: SmsOptions,
  transport: SmsTransport,
  signal?: AbortSignal,
): Promise<DeliveryOutcome> {
  const text = message.parts.text ?? '';
  const length = measureSms(text);
  if (length.segments > options.maxSegments) {
    return {
      status: 'failed',
      permanent: true,
      reason: `SMS too long: ${length.segments} ${length.encoding} segments, at most ${options.maxSegments} allowed`,
    };
  }
  if (!E164.test(message.to)) {
    return {
      status: 'failed',
      permanent: true,
      invalidAddress: true,
      reason: `not an E.164 number: ${message.to}`,
    };
  }
  const request = {
    to: message.to,
    from: senderFor(options.senders, message),
    text,
    encoding: length.encoding,
    messageId: message.id,
    ...(options.statusCallbackUrl
      ? { statusCallbackUrl: statusCallbackFor(options.statusCallbackUrl, message) }
      : {}),
  };
  let outcome = await transport.send(request, signal);
  if (
    outcome.status === 'failed' &&
    outcome.kind === 'transient' &&
    outcome.retryAfterSeconds !== undefined &&
    outcome.retryAfterSeconds <= options.maxInlineRetryAfterSeconds &&
    !signal?.aborted
  ) {
    await abortableDelay(outcome.retryAfterSeconds * 1000, signal);
    if (!signal?.aborted) outcome = await transport.send(request, signal);
  }
  return toDeliveryOutcome(outcome);
}

/**
 * The SMS channel: phone contact points (E.164; unverified or invalid ones are skipped by core as
 * `invalid_address`), `sms` consent (opt-in by default), the `sms` activity type with segments and
 * encoding, templates with one required `text` part; a rendered text over `maxSegments` is refused
 * by the channel's `check` (`SmsTooLongError`) before it is queued.
 *
 * @example
 * definePlugin({ …, channels: [({ container }) => createSmsChannel(container.resolve(SMS_OPTIONS), transport)] });
 */
export function createSmsChannel(options: SmsOptions, transport: SmsTransport): MessageChannel {
  const { unsubscribeUrl } = options;
  return {
    name: 'sms',
    contactKind: 'phone',
    consentChannel: 'sms',
    consentPolicy: options.consentPolicy,
    activityType: 'sms',
    parts: { text: { required: true } },
    defaultLocale: options.defaultLocale,
    transport: {
      deliver: (message, signal) => deliverSms(message, options, transport, signal),
      close: async () => transport.close?.(),
    },
    rate: options.rate,
    batchSize: options.batchSize,
    concurrency: options.concurrency,
    retry: options.retry,
    claimTimeoutSeconds: options.claimTimeoutSeconds,
    ...(options.quietHours ? { notBefore: quietHoursOf(options, options.quietHours) } : {}),
    check: (parts) => {
      requireSmsLength(parts.text ?? '', options.maxSegments);
    },
    ...(unsubscribeUrl
      ? { unsubscribeUrl: (token: string) => unsubscribeUrl.replace('{token}', encodeURIComponent(token)) }
      : {}),
    journalData: ({ message, status, template, reason }) => {
      const text = message.parts.text ?? '';
      const length = measureSms(text);
      return {
        to: message.to,
        ...(E164.test(message.to) ? { from: senderFor(options.senders, message) } : {}),
        text: text.slice(0, 2000),
        segments: length.segments,
        encoding: length.encoding,
        messageId: message.id,
        status,
        template,
        ...(message.mailingId ? { mailingId: message.mailingId } : {}),
        ...(reason ? { reason: reason.slice(0, 1000) } : {}),
      };
    },
  };
}
