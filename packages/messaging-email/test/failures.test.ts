import type { CallContext } from '@rapport/core';
import { drainJobs } from '@rapport/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../src/testing/index.js';
import * as fixture from './fixture.js';
import { addCustomer, type EmailCrm, journalRowsOf, settledMessage } from './fixture.js';

describe('bounces and failures', () => {
  let server: TestSmtpServer;
  let env: Awaited<ReturnType<typeof fixture.emailEnv>>;
  let crm: EmailCrm;
  let ctx: CallContext;

  const send = (partyId: string) =>
    crm.services.messaging.send(ctx, { channel: 'email', partyId, template: 'note', data: {} });
  const attemptsOf = async (messageId: string) =>
    (await crm.services.messaging.attempts(ctx, messageId)).map((a) => a.outcome);

  beforeAll(async () => {
    server = await startSmtpServer();
    env = await fixture.emailEnv(server);
    ({ crm, ctx } = env);
    crm.services.templates.register({
      kind: 'email',
      name: 'note',
      parts: { subject: 'Note', text: 'Hi {{party.givenName}}' },
    });
  });
  beforeEach(() => server.decide(() => 'accept'));
  afterAll(async () => {
    await env?.close();
    await server?.close();
  });

  it('a permanent refusal (550 at RCPT) bounces the message once, marks the address invalid, and later sends are refused', async () => {
    server.decide((rcpt) =>
      rcpt === 'gone@example.test' ? { code: 550, message: '5.1.1 No such user' } : 'accept',
    );
    const party = await addCustomer(crm, ctx, { givenName: 'Gone', email: 'gone@example.test' });
    const message = await send(party.id);
    const bounced = await settledMessage(crm, ctx, message.id, ['bounced', 'failed']);
    expect(bounced.status).toBe('bounced');
    expect(bounced.lastError).toContain('No such user');
    expect(server.attempts.get('gone@example.test')).toBe(1);
    expect(await attemptsOf(message.id)).toEqual(['permanent']);
    const [point] = (await crm.services.parties.get(ctx, party.id)).contactPoints;
    expect(point!.invalidAt).toBeInstanceOf(Date);
    expect(point!.invalidReason).toContain('No such user');
    const entries = await journalRowsOf(crm, ctx, message.id);
    expect(entries.map((e) => e.data.status)).toEqual(['bounced']);
    await expect(send(party.id)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      details: { reason: 'invalid_address' },
    });
    const history = await crm.services.parties.history(ctx, party.id);
    expect(history.map((h) => h.operation)).toContain('contact_point_invalid');
  });

  it('a temporary refusal (451) is retried with the same Message-ID until accepted, with one journal entry', async () => {
    server.decide((rcpt, attempt) =>
      rcpt === 'busy@example.test' && attempt <= 2
        ? { code: 451, message: '4.3.0 Try again later' }
        : 'accept',
    );
    const party = await addCustomer(crm, ctx, { givenName: 'Busy', email: 'busy@example.test' });
    const message = await send(party.id);
    const sent = await settledMessage(crm, ctx, message.id, ['sent', 'failed']);
    expect(sent.status).toBe('sent');
    expect(sent.attempts).toBe(3);
    expect(await attemptsOf(message.id)).toEqual(['transient', 'transient', 'sent']);
    expect(server.to('busy@example.test')).toHaveLength(1);
    expect(server.to('busy@example.test')[0]!.parsed.messageId).toBe(`<${message.id}@acme.test>`);
    const entries = await journalRowsOf(crm, ctx, message.id);
    expect(entries.map((e) => e.data.status)).toEqual(['sent']);
    const [point] = (await crm.services.parties.get(ctx, party.id)).contactPoints;
    expect(point!.invalidAt).toBeNull();
  });

  it('a connection dropped during DATA is retried and the message then arrives once', async () => {
    server.decide((rcpt, attempt) => (rcpt === 'flaky@example.test' && attempt === 1 ? 'drop' : 'accept'));
    const party = await addCustomer(crm, ctx, { givenName: 'Flaky', email: 'flaky@example.test' });
    const message = await send(party.id);
    const sent = await settledMessage(crm, ctx, message.id, ['sent', 'failed']);
    expect(sent.status).toBe('sent');
    expect(await attemptsOf(message.id)).toEqual(['transient', 'sent']);
    expect(server.to('flaky@example.test')).toHaveLength(1);
  });

  it('retries are bounded: after the configured attempts the message fails, recorded once', async () => {
    server.decide((rcpt) =>
      rcpt === 'full@example.test' ? { code: 452, message: '4.2.2 Mailbox full' } : 'accept',
    );
    const party = await addCustomer(crm, ctx, { givenName: 'Full', email: 'full@example.test' });
    const message = await send(party.id);
    const failed = await settledMessage(crm, ctx, message.id, ['failed', 'sent']);
    expect(failed.status).toBe('failed');
    expect(failed.attempts).toBe(3);
    expect(server.attempts.get('full@example.test')).toBe(3);
    expect(await attemptsOf(message.id)).toEqual(['transient', 'transient', 'transient']);
    const entries = await journalRowsOf(crm, ctx, message.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.data).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('Mailbox full'),
    });
    // A full mailbox is not a bad address.
    const [point] = (await crm.services.parties.get(ctx, party.id)).contactPoints;
    expect(point!.invalidAt).toBeNull();
  });

  it('a second delivery job for a message that went out sends nothing and records nothing more', async () => {
    const party = await addCustomer(crm, ctx, { givenName: 'Once', email: 'once@example.test' });
    const message = await send(party.id);
    await settledMessage(crm, ctx, message.id, ['sent']);
    const jobId = await crm.transaction(ctx, (tx) =>
      tx.enqueue('messaging.deliver', { messageId: message.id }),
    );
    await drainJobs(crm);
    const job = (await crm.listJobs('messaging.deliver')).find((j) => j.id === jobId);
    expect(job?.state).toBe('completed');
    expect(server.to('once@example.test')).toHaveLength(1);
    expect(await journalRowsOf(crm, ctx, message.id)).toHaveLength(1);
    expect((await crm.services.messaging.get(ctx, message.id)).attempts).toBe(1);
  });
});

describe('a server that refuses connections', () => {
  it('fails the message after the bounded retries, with the connection error recorded', async () => {
    const closed = await startSmtpServer();
    const port = closed.port;
    await closed.close();
    const env = await fixture.emailEnv({ port } as TestSmtpServer);
    try {
      env.crm.services.templates.register({
        kind: 'email',
        name: 'note',
        parts: { subject: 'N', text: 'x' },
      });
      const party = await addCustomer(env.crm, env.ctx, {
        givenName: 'Nobody',
        email: 'nobody@example.test',
      });
      const message = await env.crm.services.messaging.send(env.ctx, {
        channel: 'email',
        partyId: party.id,
        template: 'note',
      });
      const failed = await settledMessage(env.crm, env.ctx, message.id, ['failed', 'sent']);
      expect(failed.status).toBe('failed');
      expect(failed.attempts).toBe(3);
      expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i);
      expect(await journalRowsOf(env.crm, env.ctx, message.id)).toHaveLength(1);
    } finally {
      await env.close();
    }
  });
});
