import { type CallContext, f } from '@rapport/core';
import { definePlugin } from '@rapport/core/plugin';
import { drainJobs } from '@rapport/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MessageOutcomeEvent, MessageQueuedEvent } from '../src/index.js';
import { postTestCrm } from './http-channel.js';

type Seen =
  | { hook: 'messageQueued'; event: MessageQueuedEvent; ctx: CallContext }
  | {
      hook: 'messageSent' | 'messageFailed' | 'messageDelivered';
      event: MessageOutcomeEvent;
      ctx: CallContext;
    };

describe('message hooks', () => {
  const seen: Seen[] = [];
  const logged: Array<{ message: string; data?: Record<string, unknown> }> = [];
  const taps = definePlugin({
    name: 'test-message-taps',
    version: '1.0.0',
    dependencies: { '@rapport/messaging': '^0.1.0' },
    setup(api) {
      api.hooks.messageQueued.tapPromise('test-message-taps', async (event, ctx) => {
        seen.push({ hook: 'messageQueued', event, ctx });
      });
      api.hooks.messageSent.tapPromise('test-message-taps', async (event, ctx) => {
        seen.push({ hook: 'messageSent', event, ctx });
      });
      api.hooks.messageFailed.tapPromise('test-message-taps', async (event, ctx) => {
        seen.push({ hook: 'messageFailed', event, ctx });
      });
      api.hooks.messageDelivered.tapPromise('test-message-taps', async (event, ctx) => {
        seen.push({ hook: 'messageDelivered', event, ctx });
      });
      api.hooks.messageSent.tapPromise('test-throwing-tap', async () => {
        throw new Error('the tap broke');
      });
    },
  });
  let env: Awaited<ReturnType<typeof postTestCrm>>;

  beforeAll(async () => {
    env = await postTestCrm({
      plugins: [taps],
      logger: {
        debug: () => undefined,
        info: () => undefined,
        warn: (message, data) => logged.push({ message, ...(data ? { data } : {}) }),
        error: (message, data) => logged.push({ message, ...(data ? { data } : {}) }),
      },
    });
  });
  afterAll(() => env?.close());
  beforeEach(async () => {
    // What an earlier test left queued runs now, so each test sees only its own events.
    env.provider.answer(() => 'accept');
    await drainJobs(env.crm, { delayed: true });
    seen.length = 0;
  });

  it('fires messageQueued for a single send only once its transaction has committed', async () => {
    const party = await env.party();
    const message = await env.crm.transaction(env.org.system, async (tx) => {
      const sent = await env.crm.services.messaging.send(tx, {
        channel: 'post',
        partyId: party.id,
        template: 'hello',
        data: { who: 'Ada' },
      });
      // Still inside the transaction: nothing may have been told yet.
      expect(seen).toEqual([]);
      return sent;
    });
    await drainJobs(env.crm, { names: ['messaging.notify'] });
    expect(seen).toEqual([
      {
        hook: 'messageQueued',
        event: {
          tenantId: env.org.tenantId,
          channel: 'post',
          mailingId: null,
          count: 1,
          messages: [{ id: message.id, partyId: party.id, mailingId: null, status: 'queued', reason: null }],
        },
        ctx: expect.objectContaining({ tenantId: env.org.tenantId }),
      },
    ]);
  });

  it('fires nothing for a send whose transaction rolled back', async () => {
    const party = await env.party();
    await expect(
      env.crm.transaction(env.org.system, async (tx) => {
        await env.crm.services.messaging.send(tx, {
          channel: 'post',
          partyId: party.id,
          template: 'hello',
          data: { who: 'x' },
        });
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    await drainJobs(env.crm, { delayed: true });
    expect(seen).toEqual([]);
    expect(env.provider.received.filter((r) => r.to === `${party.givenName}@post.test`)).toEqual([]);
  });

  it('fires messageSent after delivery with the message, its party and channel, despite a throwing tap', async () => {
    const party = await env.party();
    const message = await env.crm.services.messaging.send(env.org.system, {
      channel: 'post',
      partyId: party.id,
      template: 'hello',
      data: { who: 'Bo' },
    });
    const { failed } = await drainJobs(env.crm, { delayed: true });
    expect(failed).toEqual([]);
    expect(seen.filter((s) => s.hook === 'messageSent').map((s) => s.event)).toEqual([
      {
        tenantId: env.org.tenantId,
        channel: 'post',
        messages: [{ id: message.id, partyId: party.id, mailingId: null, status: 'sent', reason: null }],
      },
    ]);
    expect(logged).toContainEqual({
      message: expect.stringContaining('tap of a messaging hook threw'),
      data: expect.objectContaining({ hook: 'messageSent', tap: 'test-throwing-tap' }),
    });
  });

  it('fires messageFailed with the reason when the provider refuses a message for good', async () => {
    const party = await env.party();
    env.provider.answer(() => 'refuse');
    const message = await env.crm.services.messaging.send(env.org.system, {
      channel: 'post',
      partyId: party.id,
      template: 'hello',
      data: { who: 'Cy' },
    });
    await drainJobs(env.crm, { delayed: true });
    expect(seen.filter((s) => s.hook === 'messageFailed').map((s) => s.event)).toEqual([
      {
        tenantId: env.org.tenantId,
        channel: 'post',
        messages: [
          {
            id: message.id,
            partyId: party.id,
            mailingId: null,
            status: 'failed',
            reason: `refuse: ${party.givenName}@post.test`,
          },
        ],
      },
    ]);
    expect(seen.filter((s) => s.hook === 'messageSent')).toEqual([]);
  });

  it('fires one messageQueued for a whole mailing, with its count and no message list', async () => {
    for (let i = 0; i < 3; i++) await env.party(`mailing${i}`, ['mailing']);
    const progress = await env.crm.services.messaging.sendToSegment(env.org.system, {
      channel: 'post',
      template: 'hello',
      filter: f.tag('mailing'),
      data: { who: 'all' },
    });
    await drainJobs(env.crm, { names: ['messaging.notify'] });
    expect(seen.map((s) => [s.hook, s.event])).toEqual([
      [
        'messageQueued',
        {
          tenantId: env.org.tenantId,
          channel: 'post',
          mailingId: progress.mailing.id,
          count: 3,
          messages: [],
        },
      ],
    ]);
  });

  /** A single message the provider accepted (`sent`), its events already seen and cleared. */
  const sentMessage = async (who: string) => {
    const party = await env.party();
    const message = await env.crm.services.messaging.send(env.org.system, {
      channel: 'post',
      partyId: party.id,
      template: 'hello',
      data: { who },
    });
    await drainJobs(env.crm, { delayed: true });
    expect((await env.crm.services.messaging.get(env.org.system, message.id)).status).toBe('sent');
    seen.length = 0;
    return { party, id: message.id };
  };

  it('fires messageDelivered for a delivered report only once its transaction has committed', async () => {
    const { party, id } = await sentMessage('Di');
    await env.crm.transaction(env.org.system, async (tx) => {
      await env.crm.services.messaging.reportDelivery(tx, id, { status: 'delivered' });
      expect(seen).toEqual([]);
    });
    await drainJobs(env.crm, { names: ['messaging.notify'] });
    expect(seen).toEqual([
      {
        hook: 'messageDelivered',
        event: {
          tenantId: env.org.tenantId,
          channel: 'post',
          messages: [{ id, partyId: party.id, mailingId: null, status: 'delivered', reason: null }],
        },
        ctx: expect.objectContaining({ tenantId: env.org.tenantId }),
      },
    ]);
  });

  it('fires messageFailed with the reported status and reason for bounced and failed reports', async () => {
    const bounced = await sentMessage('Bea');
    const failed = await sentMessage('Fay');
    await env.crm.services.messaging.reportDelivery(env.org.system, bounced.id, {
      status: 'bounced',
      reason: '550 mailbox unknown',
    });
    await env.crm.services.messaging.reportDelivery(env.org.system, failed.id, { status: 'failed' });
    await drainJobs(env.crm, { names: ['messaging.notify'] });
    const item = (party: { id: string }, id: string, status: string, reason: string) => ({
      tenantId: env.org.tenantId,
      channel: 'post',
      messages: [{ id, partyId: party.id, mailingId: null, status, reason }],
    });
    expect(seen.map((s) => [s.hook, s.event])).toEqual([
      ['messageFailed', item(bounced.party, bounced.id, 'bounced', '550 mailbox unknown')],
      // Without a reason, the status is the reason recorded.
      ['messageFailed', item(failed.party, failed.id, 'failed', 'failed')],
    ]);
  });

  it('fires nothing for a delivery report refused with CONFLICT', async () => {
    const party = await env.party();
    env.provider.answer(() => 'refuse');
    const message = await env.crm.services.messaging.send(env.org.system, {
      channel: 'post',
      partyId: party.id,
      template: 'hello',
      data: { who: 'Gus' },
    });
    await drainJobs(env.crm, { delayed: true });
    seen.length = 0;
    await expect(
      env.crm.services.messaging.reportDelivery(env.org.system, message.id, { status: 'delivered' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await drainJobs(env.crm, { delayed: true });
    expect(seen).toEqual([]);
  });

  it('fires nothing for a report repeating the status the message already has', async () => {
    const { id } = await sentMessage('Rei');
    await env.crm.services.messaging.reportDelivery(env.org.system, id, { status: 'delivered' });
    await drainJobs(env.crm, { names: ['messaging.notify'] });
    seen.length = 0;
    await env.crm.services.messaging.reportDelivery(env.org.system, id, { status: 'delivered' });
    await drainJobs(env.crm, { delayed: true });
    expect(seen).toEqual([]);
  });
});
