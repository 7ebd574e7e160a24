import { randomBytes } from 'node:crypto';
import { measureSms } from '../encoding/measure.js';
import { type ParsedRequest, ProviderServer, type Reply } from './provider-server.js';

/** What the Twilio test server received and accepted. */
export interface ReceivedTwilioMessage {
  sid: string;
  to: string;
  from: string | undefined;
  messagingServiceSid: string | undefined;
  body: string;
  statusCallback: string | undefined;
  segments: number;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

function error(status: number, code: number, message: string): Reply {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

/**
 * A local server that speaks Twilio's Programmable Messaging REST API: it checks HTTP Basic auth
 * against the account SID and auth token, parses the form like Twilio (`To`, `From` or
 * `MessagingServiceSid`, `Body`, `StatusCallback`), records what it accepts, and answers with
 * Twilio's Message resource (201) or its error bodies: 401/20003, 400/21211 invalid 'To',
 * 400/21614 not a mobile number, 400/21610 unsubscribed recipient, 429/20429 with `Retry-After`,
 * 500/20500 — the failures per number set with `failFor`.
 *
 * @example
 * const twilio = await new TwilioTestServer({ accountSid: 'AC123', authToken: 'secret' }).start();
 * twilio.failFor('+15005550001', { kind: 'rate_limit', times: 1, retryAfterSeconds: 2 });
 */
export class TwilioTestServer extends ProviderServer {
  /** Messages accepted, in order. */
  readonly received: ReceivedTwilioMessage[] = [];

  constructor(readonly credentials: { accountSid: string; authToken: string }) {
    super();
  }

  protected clearReceived(): void {
    this.received.length = 0;
  }

  protected handle(request: ParsedRequest): Reply {
    const match = PATH.exec(request.path);
    if (!match) return error(404, 20404, 'The requested resource was not found');
    if (request.method !== 'POST') return error(405, 20004, 'Method not allowed');
    const expected = `Basic ${Buffer.from(`${this.credentials.accountSid}:${this.credentials.authToken}`).toString('base64')}`;
    if (request.headers.authorization !== expected || match[1] !== this.credentials.accountSid) {
      return error(401, 20003, 'Authenticate');
    }
    const {
      To: to,
      From: from,
      MessagingServiceSid: service,
      Body: body,
      StatusCallback: callback,
    } = request.fields;
    if (!to) return error(400, 21604, "A 'To' phone number is required.");
    if (!from && !service) return error(400, 21603, "A 'From' phone number is required.");
    if (!body) return error(400, 21602, 'Message body is required.');
    if (!E164.test(to)) return error(400, 21211, `Invalid 'To' Phone Number: ${to}`);
    const failure = this.failureFor(to);
    if (failure) {
      switch (failure.kind) {
        case 'rate_limit':
          return {
            ...error(429, 20429, 'Too Many Requests'),
            headers: { 'retry-after': String(failure.retryAfterSeconds ?? 1) },
          };
        case 'invalid_number':
          return error(400, 21211, `Invalid 'To' Phone Number: ${to}`);
        case 'not_mobile':
          return error(400, 21614, `'To' number ${to} is not a valid mobile number`);
        case 'unsubscribed':
          return error(400, 21610, 'Attempt to send to unsubscribed recipient');
        case 'server_error':
          return error(500, 20500, 'Internal Server Error');
      }
    }
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const segments = measureSms(body).segments;
    this.received.push({
      sid,
      to,
      from,
      messagingServiceSid: service,
      body,
      statusCallback: callback,
      segments,
    });
    const now = new Date().toUTCString();
    return {
      status: 201,
      body: {
        account_sid: this.credentials.accountSid,
        api_version: '2010-04-01',
        body,
        date_created: now,
        date_sent: null,
        date_updated: now,
        direction: 'outbound-api',
        error_code: null,
        error_message: null,
        from: from ?? null,
        messaging_service_sid: service ?? null,
        num_media: '0',
        num_segments: String(segments),
        price: null,
        price_unit: 'USD',
        sid,
        status: service ? 'accepted' : 'queued',
        to,
        uri: `/2010-04-01/Accounts/${this.credentials.accountSid}/Messages/${sid}.json`,
      },
    };
  }
}
