import { networkReason, postHttp } from './http.js';
import type { SmsRequest, SmsSendOutcome, SmsTransport } from './sms-transport.js';
import { classifyVonageStatus, type VonageMessageStatus } from './vonage-classify.js';

/** Settings of the Vonage transport. */
export interface VonageTransportOptions {
  apiKey: string;
  apiSecret: string;
  /** `https://rest.nexmo.com` in production; a local test server in tests. */
  baseUrl: string;
  timeoutMs: number;
}

/**
 * The Vonage SMS API (https://developer.vonage.com/en/api/sms#send-an-sms): `POST /sms/json`,
 * form-encoded `api_key`, `api_secret`, `from`, `to` (international format without `+`), `text`,
 * `type=unicode` for UCS-2 texts, `client-ref` (our message id, echoed in delivery receipts) and
 * `callback` (this message's delivery-receipt URL). The reply is HTTP 200 with one status per
 * segment (`{"message-count", "messages": [{status, "message-id", "error-text"}]}`); status "0"
 * is accepted. Plain `fetch` rather than `@vonage/server-sdk`: one form post, no SDK stack.
 */
export class VonageTransport implements SmsTransport {
  readonly provider = 'vonage';
  private readonly url: string;

  constructor(private readonly options: VonageTransportOptions) {
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/sms/json`;
  }

  async send(request: SmsRequest, signal?: AbortSignal): Promise<SmsSendOutcome> {
    const form = new URLSearchParams({
      api_key: this.options.apiKey,
      api_secret: this.options.apiSecret,
      from: request.from.replace(/^\+/, ''),
      to: request.to.replace(/^\+/, ''),
      text: request.text,
      type: request.encoding === 'UCS-2' ? 'unicode' : 'text',
      'client-ref': request.messageId,
    });
    if (request.statusCallbackUrl) {
      form.set('callback', request.statusCallbackUrl);
      form.set('status-report-req', '1');
    }
    let reply: Awaited<ReturnType<typeof postHttp>>;
    try {
      reply = await postHttp(this.url, {
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        timeoutMs: this.options.timeoutMs,
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      return { status: 'failed', kind: 'transient', reason: networkReason('vonage', error) };
    }
    const retryAfter = reply.retryAfterSeconds;
    if (reply.status === 429 || reply.status >= 500) {
      return {
        status: 'failed',
        kind: 'transient',
        reason: `vonage HTTP ${reply.status}`,
        ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
      };
    }
    const messages = readMessages(reply.body);
    if (reply.status >= 400 || messages.length === 0) {
      return {
        status: 'failed',
        kind: reply.status === 401 ? 'transient' : 'permanent',
        reason: `vonage HTTP ${reply.status}: ${reply.body.slice(0, 500)}`,
      };
    }
    // A long text is one entry per segment: the message is accepted only if every segment is.
    const failed = messages.find((m) => m.status !== '0');
    if (failed) return classifyVonageStatus(failed, retryAfter);
    return {
      status: 'sent',
      providerId: messages[0]!['message-id'] ?? '',
      segments: messages.length,
      response: `vonage accepted ${messages.length} segment(s)`,
    };
  }
}

function readMessages(text: string): VonageMessageStatus[] {
  try {
    const body = JSON.parse(text) as { messages?: VonageMessageStatus[] };
    return Array.isArray(body.messages) ? body.messages : [];
  } catch {
    return [];
  }
}
