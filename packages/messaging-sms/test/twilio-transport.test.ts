import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SmsRequest, TwilioTransport } from '../src/index.js';
import { TwilioTestServer } from '../src/testing/index.js';

const credentials = { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'twilio-token' };
const server = new TwilioTestServer(credentials);
let transport: TwilioTransport;

const sms = (overrides: Partial<SmsRequest> = {}): SmsRequest => ({
  to: '+447700900123',
  from: '+15005550006',
  text: 'Your order has shipped',
  encoding: 'GSM-7',
  messageId: '01890a5d-ac96-774b-bcce-b302099a8057',
  statusCallbackUrl:
    'https://crm.test/sms/twilio/status?tenant=t1&message=01890a5d-ac96-774b-bcce-b302099a8057',
  ...overrides,
});

beforeAll(async () => {
  await server.start();
  transport = new TwilioTransport({ ...credentials, baseUrl: server.url, timeoutMs: 5_000 });
});
afterEach(() => server.reset());
afterAll(() => server.close());

describe('the Twilio transport', () => {
  it('posts To, From, Body and StatusCallback with Basic auth and returns the message sid', async () => {
    const outcome = await transport.send(sms());
    expect(outcome).toMatchObject({ status: 'sent', segments: 1 });
    expect(server.received).toHaveLength(1);
    const [received] = server.received;
    expect(received).toMatchObject({
      to: '+447700900123',
      from: '+15005550006',
      body: 'Your order has shipped',
      statusCallback: sms().statusCallbackUrl,
    });
    expect(outcome.status === 'sent' && outcome.providerId).toBe(received!.sid);
  });

  it('sends through a messaging service instead of a From number when one is configured', async () => {
    const viaService = new TwilioTransport({
      ...credentials,
      messagingServiceSid: 'MG0123',
      baseUrl: server.url,
      timeoutMs: 5_000,
    });
    expect((await viaService.send(sms())).status).toBe('sent');
    expect(server.received[0]).toMatchObject({ messagingServiceSid: 'MG0123', from: undefined });
  });

  it('reports a wrong auth token as a transient failure with Twilio code 20003', async () => {
    const wrong = new TwilioTransport({
      ...credentials,
      authToken: 'wrong',
      baseUrl: server.url,
      timeoutMs: 5_000,
    });
    expect(await wrong.send(sms())).toMatchObject({
      status: 'failed',
      kind: 'transient',
      providerCode: '20003',
    });
    expect(server.received).toHaveLength(0);
  });

  it('classifies an invalid To number (21211) and a landline (21614) as invalid numbers', async () => {
    server.failFor('+447700900123', 'invalid_number');
    expect(await transport.send(sms())).toMatchObject({
      status: 'failed',
      kind: 'invalid_number',
      providerCode: '21211',
    });
    server.failFor('+447700900124', 'not_mobile');
    expect(await transport.send(sms({ to: '+447700900124' }))).toMatchObject({
      kind: 'invalid_number',
      providerCode: '21614',
    });
  });

  it('classifies an unsubscribed recipient (21610) as a permanent failure, not an invalid number', async () => {
    server.failFor('+447700900123', 'unsubscribed');
    expect(await transport.send(sms())).toMatchObject({
      status: 'failed',
      kind: 'permanent',
      providerCode: '21610',
    });
  });

  it('reports a 429 as transient with the Retry-After Twilio sent, and succeeds once the limit lifts', async () => {
    server.failFor('+447700900123', { kind: 'rate_limit', times: 1, retryAfterSeconds: 7 });
    expect(await transport.send(sms())).toMatchObject({
      status: 'failed',
      kind: 'transient',
      providerCode: '20429',
      retryAfterSeconds: 7,
    });
    expect((await transport.send(sms())).status).toBe('sent');
  });

  it('reports a 5xx as a transient failure', async () => {
    server.failFor('+447700900123', 'server_error');
    expect(await transport.send(sms())).toMatchObject({ status: 'failed', kind: 'transient' });
  });

  it('reports a refused connection as a transient network failure', async () => {
    const closed = new TwilioTestServer(credentials);
    await closed.start();
    const url = closed.url;
    await closed.close();
    const nowhere = new TwilioTransport({ ...credentials, baseUrl: url, timeoutMs: 2_000 });
    const outcome = await nowhere.send(sms());
    expect(outcome).toMatchObject({ status: 'failed', kind: 'transient' });
    expect(outcome.status === 'failed' && outcome.reason).toMatch(/network error/);
  });

  it('counts the segments of a long text as Twilio reports them', async () => {
    const outcome = await transport.send(sms({ text: 'x'.repeat(307) }));
    expect(outcome).toMatchObject({ status: 'sent', segments: 3 });
  });
});
