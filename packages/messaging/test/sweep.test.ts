import { JOB_QUEUE } from '@rapport/core/plugin';
import { drainJobs } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaveClaimed, postTestCrm } from './http-channel.js';

describe('the stale-claim sweep (messaging.sweep-stale)', () => {
  let env: Awaited<ReturnType<typeof postTestCrm>>;
  beforeAll(async () => {
    env = await postTestCrm();
  });
  afterAll(() => env?.close());

  const sendTo = async (name: string) => {
    const party = await env.party(name);
    return env.crm.services.messaging.send(env.org.system, {
      channel: 'post',
      partyId: party.id,
      template: 'hello',
      data: { who: name },
    });
  };
  const sweep = async () => {
    await env.crm.container.resolve(JOB_QUEUE).tick('messaging.sweep-stale');
    return drainJobs(env.crm, { names: ['messaging.sweep-stale'] });
  };

  it('is scheduled, once per tenant, every five minutes', () => {
    expect(env.crm.container.resolve(JOB_QUEUE).schedules()['messaging.sweep-stale']).toEqual({
      cron: '*/5 * * * *',
      tz: 'UTC',
    });
  });

  it('marks a single message left sending past the claim timeout unknown, with its attempt and journal entry', async () => {
    const crashed = await sendTo('crashed');
    // The channel's claim timeout is 60 s; this claim is ten minutes old.
    await leaveClaimed(env, [crashed.id], 600);
    const { failed } = await sweep();
    expect(failed).toEqual([]);
    const message = await env.crm.services.messaging.get(env.org.system, crashed.id);
    expect(message).toMatchObject({ status: 'unknown', attempts: 1 });
    expect(message.lastError).toContain('stopped before recording its outcome');
    expect(await env.crm.services.messaging.attempts(env.org.system, crashed.id)).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'unknown' }),
    ]);
    const entry = await env.crm.services.journal.get(env.org.system, message.journalEntryId!);
    expect(entry.data).toMatchObject({ status: 'unknown', to: 'crashed@post.test' });
    expect(env.provider.received).toEqual([]);
  });

  it('leaves a fresh claim (a live worker sending) untouched', async () => {
    const sending = await sendTo('sending');
    await leaveClaimed(env, [sending.id], 5);
    await sweep();
    const message = await env.crm.services.messaging.get(env.org.system, sending.id);
    expect(message).toMatchObject({ status: 'sending', journalEntryId: null });
    expect(await env.crm.services.messaging.attempts(env.org.system, sending.id)).toEqual([]);
  });
});
