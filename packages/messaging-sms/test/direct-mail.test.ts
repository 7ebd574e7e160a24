import { f } from '@rapport/core/plugin';
import { drainJobs } from '@rapport/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { nextAllowed, SmsTooLongError } from '../src/index.js';
import { TwilioTestServer } from '../src/testing/index.js';
import { addTexter, smsEnv, TWILIO } from './fixture.js';

const UNSUBSCRIBE = 'https://crm.test/u/{token}';

/** HH:MM of an instant on the wall clock of a zone. */
function hhmm(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

describe('SMS direct mail: checks of rendered texts', () => {
  const server = new TwilioTestServer(TWILIO);
  let env: Awaited<ReturnType<typeof smsEnv>>;

  beforeAll(async () => {
    await server.start();
    env = await smsEnv({
      provider: { provider: 'twilio', ...TWILIO, baseUrl: server.url, timeoutMs: 5_000 },
      unsubscribeUrl: UNSUBSCRIBE,
      maxSegments: 1,
    });
    env.crm.services.templates.register({
      kind: 'sms',
      name: 'greeting',
      locale: 'en',
      parts: { text: '{{party.givenName}}: {{body}}' },
    });
  });
  afterAll(async () => {
    await env?.close();
    await server.close();
  });

  it('refuses a mailing whose text is over the maximum segments up front, writing nothing', async () => {
    const kit = await addTexter(env.crm, env.ctx, {
      givenName: 'Kit',
      phone: '+447911124001',
      tags: ['long'],
    });
    const error = await env.crm.services.messaging
      .sendToSegment(env.ctx, {
        channel: 'sms',
        template: 'greeting',
        filter: f.tag('long'),
        data: { body: 'x'.repeat(170) },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmsTooLongError);
    expect(error).toMatchObject({
      code: 'INVALID_DATA',
      details: { segments: 2, max: 1, encoding: 'GSM-7' },
    });
    expect(await env.crm.services.messaging.forParty(env.ctx, kit.id)).toEqual([]);
  });

  it('checks a mailing up front with an unsubscribe link as long as the real ones', async () => {
    env.crm.services.templates.register({
      kind: 'sms',
      name: 'with-link',
      locale: 'en',
      parts: { text: '{{body}} {{unsubscribeUrl}}' },
    });
    const lou = await addTexter(env.crm, env.ctx, {
      givenName: 'Lou',
      phone: '+447911124004',
      tags: ['link'],
    });
    // 50 + 1 + the link (https://crm.test/u/ + a 96-character token = 115) = 166 septets: 2 segments.
    const error = await env.crm.services.messaging
      .sendToSegment(env.ctx, {
        channel: 'sms',
        template: 'with-link',
        filter: f.tag('link'),
        data: { body: 'z'.repeat(50) },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_DATA', details: { segments: 2, max: 1 } });
    expect(await env.crm.services.messaging.forParty(env.ctx, lou.id)).toEqual([]);
  });

  it('fails permanently, with segments and maximum as the reason, the one message whose rendering grew too long, and sends the others', async () => {
    const al = await addTexter(env.crm, env.ctx, { givenName: 'Al', phone: '+447911124002', tags: ['grow'] });
    const bo = await addTexter(env.crm, env.ctx, { givenName: 'Bo', phone: '+447911124003', tags: ['grow'] });
    const started = await env.crm.services.messaging.sendToSegment(env.ctx, {
      channel: 'sms',
      template: 'greeting',
      filter: f.tag('grow'),
      data: { body: 'y'.repeat(150) },
    });
    expect(started.byStatus.queued).toBe(2);
    // Renamed after the up-front check: the dispatcher renders the longer name.
    await env.crm.services.parties.update(env.ctx, bo.id, { givenName: 'Bartholomew-Maximilian' });
    await drainJobs(env.crm);
    const done = await env.crm.services.messaging.progress(env.ctx, started.mailing.id);
    expect(done.byStatus).toMatchObject({ sent: 1, failed: 1, queued: 0, sending: 0 });
    const [failed] = await env.crm.services.messaging.forParty(env.ctx, bo.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed!.lastError).toContain('sms check');
    expect(failed!.lastError).toContain('"segments":2,"max":1');
    const [sent] = await env.crm.services.messaging.forParty(env.ctx, al.id);
    expect(sent!.status).toBe('sent');
    expect(server.received.filter((m) => m.to === '+447911124003')).toEqual([]);
  });
});

describe('SMS direct mail: quiet hours in the recipient time zone', () => {
  const server = new TwilioTestServer(TWILIO);
  let env: Awaited<ReturnType<typeof smsEnv>>;
  // A window around the present moment in Berlin, one that Tokyo (7–8 hours ahead) is far outside.
  const startedAt = new Date();
  const window = {
    start: hhmm(new Date(startedAt.getTime() - 60 * 60_000), 'Europe/Berlin'),
    end: hhmm(new Date(startedAt.getTime() + 2 * 60 * 60_000), 'Europe/Berlin'),
  };

  beforeAll(async () => {
    await server.start();
    env = await smsEnv({
      provider: { provider: 'twilio', ...TWILIO, baseUrl: server.url, timeoutMs: 5_000 },
      unsubscribeUrl: UNSUBSCRIBE,
      quietHours: window,
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    await env?.close();
    await server.close();
  });

  it('sends only to the recipient outside quiet hours, holds the other until the window ends in their zone, then sends it once', async () => {
    const de = await addTexter(env.crm, env.ctx, {
      givenName: 'Jonas',
      phone: '+4915112340001',
      tags: ['night'],
    });
    await addTexter(env.crm, env.ctx, {
      givenName: 'Yui',
      phone: '+819012340001',
      tags: ['night'],
    });
    const started = await env.crm.services.messaging.sendToSegment(env.ctx, {
      channel: 'sms',
      template: 'shipped',
      filter: f.tag('night'),
      data: { order: 'N1' },
    });
    await drainJobs(env.crm);
    expect(server.received.map((m) => m.to)).toEqual(['+819012340001']);
    const waiting = await env.crm.services.messaging.progress(env.ctx, started.mailing.id);
    expect(waiting.byStatus).toMatchObject({ sent: 1, queued: 1, sending: 0 });
    expect(waiting.done).toBe(false);
    const [held] = await env.crm.transaction(env.ctx, (tx) =>
      tx.sql<{ status: string; attempts: number; next_attempt_at: Date; claim_id: string | null }>(
        `select status, attempts, next_attempt_at, claim_id from messaging_message
         where tenant_id = $1 and mailing_id = $2 and party_id = $3`,
        [env.tenantId, started.mailing.id, de.id],
      ),
    );
    const morning = nextAllowed({ now: startedAt, timeZone: 'Europe/Berlin', window });
    expect(held).toMatchObject({ status: 'queued', attempts: 0, claim_id: null });
    expect(new Date(held!.next_attempt_at).toISOString()).toBe(morning.toISOString());
    expect(hhmm(new Date(held!.next_attempt_at), 'Europe/Berlin')).toBe(window.end);
    const attempts = await env.crm.transaction(env.ctx, (tx) =>
      tx.sql<{ n: number }>(
        `select count(*)::int as n from messaging_message_attempt a join messaging_message m
           on m.tenant_id = a.tenant_id and m.id = a.message_id where m.tenant_id = $1 and m.party_id = $2`,
        [env.tenantId, de.id],
      ),
    );
    expect(attempts[0]!.n).toBe(0);

    // A single send (a reply, a code) is not bulk: it goes out at night too.
    const single = await env.crm.services.messaging.send(env.ctx, {
      channel: 'sms',
      partyId: de.id,
      template: 'shipped',
      data: { order: 'S1' },
    });
    await drainJobs(env.crm);
    expect((await env.crm.services.messaging.get(env.ctx, single.id)).status).toBe('sent');

    // The morning comes: the dispatcher's clock moves past the window, the row falls due.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(morning.getTime() + 60_000));
    await env.crm.transaction(env.ctx, (tx) =>
      tx.sql(
        `update messaging_message set next_attempt_at = now() where tenant_id = $1 and mailing_id = $2 and status = 'queued'`,
        [env.tenantId, started.mailing.id],
      ),
    );
    await drainJobs(env.crm, { delayed: true });
    const done = await env.crm.services.messaging.progress(env.ctx, started.mailing.id);
    expect(done.byStatus).toMatchObject({ sent: 2, queued: 0, sending: 0 });
    expect(done.mailing.status).toBe('completed');
    expect(server.received.map((m) => m.to).sort()).toEqual([
      '+4915112340001',
      '+4915112340001',
      '+819012340001',
    ]);
    const bulk = (await env.crm.services.messaging.forParty(env.ctx, de.id)).find(
      (m) => m.mailingId === started.mailing.id,
    );
    expect(bulk).toMatchObject({ status: 'sent', attempts: 1 });
  });
});
