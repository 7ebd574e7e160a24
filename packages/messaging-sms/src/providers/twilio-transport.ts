import { networkReason, postHttp } from './http.js';
import type { SmsRequest, SmsSendOutcome, SmsTransport } from './sms-transport.js';
import { classifyTwilioReply, type TwilioErrorBody } from './twilio-classify.js';

/** Settings of the Twilio transport. */
export interface TwilioTransportOptions {
  accountSid: string;
  authToken: string;
  /** Send through a Messaging Service (`MG…`) instead of the request's `from`. */
  messagingServiceSid?: string | undefined;
  /** `https://api.twilio.com` in production; a local test server in tests. */
  baseUrl: string;
  timeoutMs: number;
}

/** Twilio's Message resource, as far as we read it. */
interface TwilioMessage {
  sid?: string;
  status?: string;
  num_segments?: string;
}

/**
 * Twilio Programmable Messaging over its REST API
 * (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource):
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded `To`, `From` (or
 * `MessagingServiceSid`), `Body`, `StatusCallback`, HTTP Basic auth with the account SID and auth
 * token; the reply is the Message resource (`sid`, `status`) or an error body. Plain `fetch`
 * rather than the `twilio` SDK: the wire format is four fields, the SDK is megabytes and its own
 * HTTP stack.
 */
export class TwilioTransport implements SmsTransport {
  readonly provider = 'twilio';
  private readonly url: string;
  private readonly authorization: string;

  constructor(private readonly options: TwilioTransportOptions) {
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
    this.authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  }

  async send(request: SmsRequest, signal?: AbortSignal): Promise<SmsSendOutcome> {
    const form = new URLSearchParams({ To: request.to, Body: request.text });
    if (this.options.messagingServiceSid) form.set('MessagingServiceSid', this.options.messagingServiceSid);
    else form.set('From', request.from);
    if (request.statusCallbackUrl) form.set('StatusCallback', request.statusCallbackUrl);
    let reply: Awaited<ReturnType<typeof postHttp>>;
    try {
      reply = await postHttp(this.url, {
        headers: {
          authorization: this.authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        timeoutMs: this.options.timeoutMs,
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      return { status: 'failed', kind: 'transient', reason: networkReason('twilio', error) };
    }
    const body = parseJson(reply.body);
    if (reply.status >= 200 && reply.status < 300) {
      const message = body as TwilioMessage | undefined;
      if (!message?.sid)
        return { status: 'failed', kind: 'transient', reason: 'twilio: a success without a message sid' };
      return {
        status: 'sent',
        providerId: message.sid,
        ...(message.num_segments ? { segments: Number(message.num_segments) } : {}),
        response: `twilio ${reply.status} ${message.status ?? ''}`.trim(),
      };
    }
    return classifyTwilioReply(reply.status, body as TwilioErrorBody | undefined, reply.retryAfterSeconds);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
