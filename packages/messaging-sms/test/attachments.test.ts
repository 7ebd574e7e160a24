import { InvalidDataError } from '@rapport/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTexter, smsEnv, TWILIO } from './fixture.js';

describe('attachments on SMS', () => {
  let env: Awaited<ReturnType<typeof smsEnv>>;

  beforeAll(async () => {
    env = await smsEnv({
      // Nothing is sent: no provider server is needed.
      provider: { provider: 'twilio', ...TWILIO, baseUrl: 'http://127.0.0.1:9', timeoutMs: 1_000 },
    });
  });
  afterAll(() => env?.close());

  it('refuses a send with attachments, naming attachments, and writes nothing', async () => {
    const party = await addTexter(env.crm, env.ctx, { givenName: 'Anna', phone: '+4915112345001' });
    const error = await env.crm.services.messaging
      .send(env.ctx, {
        channel: 'sms',
        partyId: party.id,
        template: 'shipped',
        data: { order: 'A-1' },
        attachments: [
          { filename: 'label.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF') },
        ],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as InvalidDataError).issues.map((i) => i.path)).toEqual(['attachments']);
    expect(await env.crm.services.messaging.forParty(env.ctx, party.id)).toEqual([]);
  });
});
