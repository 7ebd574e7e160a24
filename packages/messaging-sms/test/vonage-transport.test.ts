import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SmsRequest, VonageTransport } from '../src/index.js';
import { VonageTestServer } from '../src/testing/index.js';

const credentials = { apiKey: 'abcd1234', apiSecret: 'vonage-secret' };
const server = new VonageTestServer(credentials);
let transport: VonageTransport;

const sms = (overrides: Partial<SmsRequest> = {}): SmsRequest => ({
  to: '+447700900123',
  from: 'AcmeShop',
  text: 'Your order has shipped',
  encoding: 'GSM-7',
  messageId: '01890a5d-ac96-774b-bcce-b302099a8057',
  statusCallbackUrl: 'https://crm.test/sms/vonage/status?tenant=t1',
  ...overrides,
});

beforeAll(async () => {
  await server.start();
  transport = new VonageTransport({ ...credentials, baseUrl: server.url, timeoutMs: 5_000 });
});
afterEach(() => server.reset());
afterAll(() => server.close());

describe('the Vonage transport', () => {
  it('posts the number without +, our message id as client-ref and the callback, and returns the message-id', async () => {
    const outcome = await transport.send(sms());
    expect(outcome).toMatchObject({ status: 'sent', segments: 1 });
    expect(server.received[0]).toMatchObject({
      to: '447700900123',
      from: 'AcmeShop',
      text: 'Your order has shipped',
      type: 'text',
      clientRef: '01890a5d-ac96-774b-bcce-b302099a8057',
      callback: 'https://crm.test/sms/vonage/status?tenant=t1',
    });
    expect(outcome.status === 'sent' && outcome.providerId).toBe(server.received[0]!.messageIds[0]);
  });

  it('marks a UCS-2 text type=unicode and accepts it in as many segments as it needs', async () => {
    const text = 'Здравствуйте! '.repeat(6);
    const outcome = await transport.send(sms({ text, encoding: 'UCS-2' }));
    expect(server.received[0]!.type).toBe('unicode');
    expect(outcome).toMatchObject({ status: 'sent', segments: 2 });
  });

  it('reports bad credentials (status 4) as a transient failure', async () => {
    const wrong = new VonageTransport({
      ...credentials,
      apiSecret: 'nope',
      baseUrl: server.url,
      timeoutMs: 5_000,
    });
    expect(await wrong.send(sms())).toMatchObject({ status: 'failed', kind: 'transient', providerCode: '4' });
    expect(server.received).toHaveLength(0);
  });

  it('classifies an unroutable number (status 6) as an invalid number', async () => {
    server.failFor('447700900123', 'invalid_number');
    expect(await transport.send(sms())).toMatchObject({
      status: 'failed',
      kind: 'invalid_number',
      providerCode: '6',
    });
  });

  it('classifies a malformed number (status 3) as a permanent failure', async () => {
    expect(await transport.send(sms({ to: '+0123' }))).toMatchObject({
      status: 'failed',
      kind: 'permanent',
      providerCode: '3',
    });
  });

  it('reports a 429 as transient with its Retry-After, and succeeds once the limit lifts', async () => {
    server.failFor('447700900123', { kind: 'rate_limit', times: 1, retryAfterSeconds: 3 });
    expect(await transport.send(sms())).toMatchObject({
      status: 'failed',
      kind: 'transient',
      retryAfterSeconds: 3,
    });
    expect((await transport.send(sms())).status).toBe('sent');
  });

  it('reports a 5xx as a transient failure', async () => {
    server.failFor('447700900123', 'server_error');
    expect(await transport.send(sms())).toMatchObject({ status: 'failed', kind: 'transient' });
  });
});
