import type { CallContext } from '@rapport/core';
import { createTestCrm, drainJobs } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagingPlugin, parseUnsubscribeToken, unsubscribeToken } from '../src/index.js';
import { Pacer } from '../src/pacer.js';
import { messagingTestCrm, noteChannel, notePlugin, type Outbox } from './fixture.js';

describe('channels declared in definePlugin', () => {
  const outbox: Outbox = { sent: [], closed: 0 };
  let env: Awaited<ReturnType<typeof messagingTestCrm>>;
  let ctx: CallContext;

  beforeAll(async () => {
    env = await messagingTestCrm(outbox, { defaultLocale: 'de' });
    ctx = env.ctx;
  });
  afterAll(() => env?.close());

  it("builds a declared channel through its factory with the declaring plugin's validated options", () => {
    const channel = env.crm.services.channels.require('note');
    expect(channel.defaultLocale).toBe('de');
    expect(env.crm.services.channels.list().map((c) => [c.owner, c.channel.name])).toEqual([
      ['test-note-channel', 'note'],
    ]);
  });

  it('makes each channel a template kind of the same name, with its parts and default locale', () => {
    expect(env.crm.services.templateKinds.require('note')).toEqual({
      name: 'note',
      parts: { subject: { required: true }, text: {} },
      defaultLocale: 'de',
    });
    env.crm.services.templates.register({ kind: 'note', name: 'hello', parts: { subject: 'Hallo {{who}}' } });
  });

  it('sends a single message through the declared channel and records it in the journal', async () => {
    const { party } = await env.crm.services.parties.create(ctx, {
      kind: 'person',
      givenName: 'Ada',
      contactPoints: [{ kind: 'email', value: 'ada@channels.test' }],
    });
    const queued = await env.crm.services.messaging.send(ctx, {
      channel: 'note',
      partyId: party.id,
      template: 'hello',
      data: { who: 'Ada' },
    });
    expect(queued.status).toBe('queued');
    await drainJobs(env.crm, { delayed: true });
    const message = await env.crm.services.messaging.get(ctx, queued.id);
    expect(message).toMatchObject({ status: 'sent', providerId: 'note-1', locale: 'de' });
    expect(outbox.sent.map((m) => [m.to, m.parts.subject])).toEqual([['ada@channels.test', 'Hallo Ada']]);
    expect(message.journalEntryId).not.toBeNull();
  });

  it('refuses a channel registered twice or recording an unknown activity type', () => {
    const channels = env.crm.services.channels;
    expect(() => channels.register('other-plugin', noteChannel(outbox))).toThrow(
      expect.objectContaining({
        code: 'PLUGIN_MISCONFIGURED',
        details: expect.objectContaining({ plugins: ['test-note-channel', 'other-plugin'] }),
      }),
    );
    const pager = { ...noteChannel(outbox, 'en', 'pager.sent'), name: 'pager' };
    expect(() => channels.register('other-plugin', pager)).toThrow(
      expect.objectContaining({ code: 'PLUGIN_MISCONFIGURED' }),
    );
    expect(channels.list().map((c) => c.channel.name)).toEqual(['note']);
  });
});

describe('channel plugins at start-up and shutdown', () => {
  it("closes every channel's transport once when the CRM closes", async () => {
    const outbox: Outbox = { sent: [], closed: 0 };
    const env = await createTestCrm({ plugins: [messagingPlugin, notePlugin(outbox)] });
    expect(outbox.closed).toBe(0);
    await env.close();
    expect(outbox.closed).toBe(1);
  });

  it('refuses a channel plugin installed without messaging, naming the missing plugin', async () => {
    const outbox: Outbox = { sent: [], closed: 0 };
    await expect(createTestCrm({ plugins: [notePlugin(outbox)], migrate: false })).rejects.toMatchObject({
      code: 'PLUGIN_MISCONFIGURED',
      details: { plugins: ['test-note-channel', '@rapport/messaging'], kind: 'missing' },
    });
  });
});

describe('the pacer of direct mail', () => {
  it('spaces starts to the rate and does not burst to catch up after a stall', async () => {
    let now = 0;
    const starts: number[] = [];
    const clock = {
      now: () => now,
      sleep: async (ms: number) => {
        now += ms;
      },
    };
    const pacer = new Pacer(4, clock);
    for (let i = 0; i < 5; i++) {
      await pacer.next();
      starts.push(now);
    }
    expect(starts).toEqual([0, 250, 500, 750, 1000]);
    now += 10_000; // a slow transport
    await pacer.next();
    await pacer.next();
    expect(now).toBe(11_250);
  });
});

describe('unsubscribe tokens', () => {
  it('carry the tenant and a secret, and anything else is INVALID_DATA on token', () => {
    const tenantId = '0190a000-1234-7000-8000-00000000abcd';
    const secret = 'ab'.repeat(32);
    const token = unsubscribeToken(tenantId, secret);
    expect(token).toMatch(/^[0-9a-f]{96}$/);
    expect(parseUnsubscribeToken(token)).toEqual({ tenantId, secret });
    expect(() => parseUnsubscribeToken(`${token}0`)).toThrow(
      expect.objectContaining({
        code: 'INVALID_DATA',
        details: { issues: [expect.objectContaining({ path: 'token' })] },
      }),
    );
  });
});
