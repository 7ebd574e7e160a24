import { f } from '@rapport/core';
import { drainJobs } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseUnsubscribeToken } from '../src/index.js';
import { leaveClaimed, postTestCrm } from './http-channel.js';

describe('re-sending messages whose outcome is unknown', () => {
  let env: Awaited<ReturnType<typeof postTestCrm>>;
  beforeAll(async () => {
    env = await postTestCrm();
  });
  afterAll(() => env?.close());

  /** A single message whose worker "crashed" while sending it, recovered as `unknown`. */
  const unknownMessage = async (name: string) => {
    const party = await env.party(name);
    const queued = await env.crm.services.messaging.send(env.org.system, {
      channel: 'post',
      partyId: party.id,
      template: 'hello',
      data: { who: name },
    });
    await leaveClaimed(env, [queued.id], 600);
    await drainJobs(env.crm, { delayed: true });
    expect((await env.crm.services.messaging.get(env.org.system, queued.id)).status).toBe('unknown');
    return { party, id: queued.id };
  };
  const manager = () => env.org.as(env.org.salesManager);

  it('re-queues an unknown message for a manager, audited, and sends it with the same unsubscribe link', async () => {
    const { party, id } = await unknownMessage('lost');
    const requeued = await env.crm.services.messaging.resend(manager(), id, {
      reason: 'the provider has no trace of it',
    });
    expect(requeued).toMatchObject({ status: 'queued', attempts: 1 });
    const trail = await env.crm.transaction(env.org.system, (tx) =>
      tx.sql<{ actor: unknown; reason: string; attempts: number }>(
        'select actor, reason, attempts from messaging_message_resend where tenant_id = $1 and message_id = $2',
        [tx.tenantId, id],
      ),
    );
    expect(trail).toEqual([
      {
        actor: { kind: 'employee', id: env.org.salesManager.id },
        reason: 'the provider has no trace of it',
        attempts: 1,
      },
    ]);
    const amended = await env.crm.services.journal.get(env.org.system, requeued.journalEntryId!);
    expect(amended.data).toMatchObject({
      status: 'queued',
      reason: 're-sent: the provider has no trace of it',
    });
    expect(amended.corrects).toMatchObject({ kind: 'amend' });
    const history = await env.crm.services.parties.history(env.org.system, party.id);
    expect(history.map((h) => h.operation)).toContain('message_resend');

    await drainJobs(env.crm, { delayed: true });
    const sent = await env.crm.services.messaging.get(env.org.system, id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
    expect((await env.crm.services.messaging.attempts(env.org.system, id)).map((a) => a.outcome)).toEqual([
      'unknown',
      'sent',
    ]);
    // The one journal entry of the message, amended again: it now says sent.
    const final = await env.crm.services.journal.get(env.org.system, sent.journalEntryId!);
    expect(final.data).toMatchObject({ status: 'sent', to: 'lost@post.test' });
    const [received] = env.provider.received.filter((r) => r.to === 'lost@post.test');
    const token = new URL(received!.unsubscribeUrl!).searchParams.get('token')!;
    expect(parseUnsubscribeToken(token).tenantId).toBe(env.org.tenantId);
    const redeemed = await env.crm.services.messaging.redeemUnsubscribe(token);
    expect(redeemed).toMatchObject({ partyId: party.id, alreadyOptedOut: false });
  });

  it('refuses a message that was sent with CONFLICT naming its status', async () => {
    const party = await env.party('fine');
    const queued = await env.crm.services.messaging.send(env.org.system, {
      channel: 'post',
      partyId: party.id,
      template: 'hello',
      data: { who: 'fine' },
    });
    await drainJobs(env.crm, { delayed: true });
    await expect(
      env.crm.services.messaging.resend(manager(), queued.id, { reason: 'again' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { id: queued.id, status: 'sent' },
    });
  });

  it('refuses an agent with NOT_ALLOWED and leaves the message unknown', async () => {
    const { id } = await unknownMessage('agentcase');
    await expect(
      env.crm.services.messaging.resend(env.org.as(env.org.alice), id, { reason: 'please' }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    expect((await env.crm.services.messaging.get(env.org.system, id)).status).toBe('unknown');
  });

  it('refuses an empty reason as INVALID_DATA naming the field, writing nothing', async () => {
    const { id } = await unknownMessage('noreason');
    await expect(env.crm.services.messaging.resend(manager(), id, { reason: '  ' })).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'reason' })] },
    });
    expect((await env.crm.services.messaging.get(env.org.system, id)).status).toBe('unknown');
  });

  it("re-queues a mailing's unknown messages in one call, returns the count, and the mailing sends them", async () => {
    for (const name of ['m1', 'm2', 'm3']) await env.party(name, ['resend-mailing']);
    const { mailing } = await env.crm.services.messaging.sendToSegment(env.org.system, {
      channel: 'post',
      template: 'hello',
      filter: f.tag('resend-mailing'),
      data: { who: 'all' },
    });
    const ids = await env.crm.transaction(env.org.system, (tx) =>
      tx.sql<{ id: string }>(
        'select id from messaging_message where tenant_id = $1 and mailing_id = $2 order by id',
        [tx.tenantId, mailing.id],
      ),
    );
    await leaveClaimed(
      env,
      ids.slice(0, 2).map((r) => r.id),
      600,
    );
    await drainJobs(env.crm, { delayed: true });
    const before = await env.crm.services.messaging.progress(env.org.system, mailing.id);
    expect(before.byStatus).toMatchObject({ unknown: 2, sent: 1 });
    expect(before.mailing.status).toBe('completed');

    const count = await env.crm.services.messaging.resendUnknown(manager(), {
      mailingId: mailing.id,
      reason: 'the SMTP relay lost its queue',
    });
    expect(count).toBe(2);
    await drainJobs(env.crm, { delayed: true });
    const after = await env.crm.services.messaging.progress(env.org.system, mailing.id);
    expect(after.byStatus).toMatchObject({ unknown: 0, sent: 3 });
    expect(after.mailing.status).toBe('completed');
    expect(
      env.provider.received.filter((r) => ['m1', 'm2', 'm3'].some((n) => r.to === `${n}@post.test`)),
    ).toHaveLength(3);
  });

  it('sends a re-sent message of a completed mailing by itself', async () => {
    await env.party('solo', ['resend-solo']);
    const { mailing } = await env.crm.services.messaging.sendToSegment(env.org.system, {
      channel: 'post',
      template: 'hello',
      filter: f.tag('resend-solo'),
      data: { who: 'solo' },
    });
    const [row] = await env.crm.transaction(env.org.system, (tx) =>
      tx.sql<{ id: string }>('select id from messaging_message where tenant_id = $1 and mailing_id = $2', [
        tx.tenantId,
        mailing.id,
      ]),
    );
    await leaveClaimed(env, [row!.id], 600);
    await drainJobs(env.crm, { delayed: true });
    expect((await env.crm.services.messaging.progress(env.org.system, mailing.id)).mailing.status).toBe(
      'completed',
    );
    await env.crm.services.messaging.resend(manager(), row!.id, { reason: 'one more try' });
    await drainJobs(env.crm, { delayed: true });
    expect((await env.crm.services.messaging.get(env.org.system, row!.id)).status).toBe('sent');
    expect(env.provider.received.filter((r) => r.to === 'solo@post.test')).toHaveLength(1);
  });
});
