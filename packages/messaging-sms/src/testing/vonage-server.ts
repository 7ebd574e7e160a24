import { randomBytes } from 'node:crypto';
import { measureSms } from '../encoding/measure.js';
import { type ParsedRequest, ProviderServer, type Reply } from './provider-server.js';

/** What the Vonage test server received and accepted. */
export interface ReceivedVonageMessage {
  messageIds: string[];
  to: string;
  from: string;
  text: string;
  type: string;
  clientRef: string | undefined;
  callback: string | undefined;
}

function statusReply(status: string, errorText: string, to?: string): Reply {
  return {
    status: 200,
    body: { 'message-count': '1', messages: [{ ...(to ? { to } : {}), status, 'error-text': errorText }] },
  };
}

/**
 * A local server that speaks the Vonage SMS API: `POST /sms/json` with form or JSON fields,
 * `api_key`/`api_secret` checked (status 4 "Bad Credentials"), required parameters (status 2),
 * `to` in international format without `+` (status 3), one `messages` entry per segment on success
 * (`type=unicode` measured as UCS-2). `failFor` simulates: rate limit (HTTP 429 + `Retry-After`,
 * status 1 "Throughput Rate Exceeded"), invalid number (status 6), server error (HTTP 500).
 */
export class VonageTestServer extends ProviderServer {
  /** Messages accepted, in order. */
  readonly received: ReceivedVonageMessage[] = [];

  constructor(readonly credentials: { apiKey: string; apiSecret: string }) {
    super();
  }

  protected clearReceived(): void {
    this.received.length = 0;
  }

  protected handle(request: ParsedRequest): Reply {
    if (request.path !== '/sms/json') return { status: 404, body: { error: 'not found' } };
    const f = request.fields;
    if (!f.api_key || !f.api_secret) return statusReply('2', 'Missing api_key or api_secret');
    if (f.api_key !== this.credentials.apiKey || f.api_secret !== this.credentials.apiSecret) {
      return statusReply('4', 'Bad Credentials');
    }
    if (!f.from) return statusReply('2', 'Missing from param');
    if (!f.to) return statusReply('2', 'Missing to param');
    if (!f.text) return statusReply('2', 'Missing text param');
    if (!/^[1-9]\d{6,14}$/.test(f.to)) return statusReply('3', 'Invalid to address', f.to);
    const failure = this.failureFor(f.to);
    if (failure) {
      switch (failure.kind) {
        case 'rate_limit':
          return {
            ...statusReply('1', 'Throughput Rate Exceeded - please wait [ 1000 ] and retry', f.to),
            status: 429,
            headers: { 'retry-after': String(failure.retryAfterSeconds ?? 1) },
          };
        case 'invalid_number':
        case 'not_mobile':
          return statusReply('6', 'Unroutable message - rejected', f.to);
        case 'unsubscribed':
          return statusReply('7', 'Number barred', f.to);
        case 'server_error':
          return { status: 500, body: { error: 'Internal Server Error' } };
      }
    }
    const segments = Math.max(1, measureSms(f.text).segments);
    const messageIds = Array.from({ length: segments }, () => randomBytes(8).toString('hex').toUpperCase());
    this.received.push({
      messageIds,
      to: f.to,
      from: f.from,
      text: f.text,
      type: f.type ?? 'text',
      clientRef: f['client-ref'],
      callback: f.callback,
    });
    return {
      status: 200,
      body: {
        'message-count': String(segments),
        messages: messageIds.map((id) => ({
          to: f.to,
          'message-id': id,
          status: '0',
          'remaining-balance': '15.53590000',
          'message-price': '0.03330000',
          network: '23410',
          ...(f['client-ref'] ? { 'client-ref': f['client-ref'] } : {}),
        })),
      },
    };
  }
}
