import { type AnyPlugin, type CallContext, createCrm } from '@rapport/core';
import { definePlugin, f, TEMPLATE_SERVICE } from '@rapport/core/plugin';
import { messagingPlugin } from '@rapport/messaging';
import { createTestDatabase, type TestDatabase } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmsOptionsInput, smsPlugin } from '../src/index.js';
import { TwilioTestServer } from '../src/testing/index.js';
import { addTexter, type SmsCrm, TWILIO } from './fixture.js';

const NEWS = { kind: 'sms', name: 'news', parts: { text: 'Hi {{party.givenName}}, spring sale today' } };

/**
 * Registers the template in `setup`, before the CRM's workers start: a CRM that resumes a mailing
 * must know its template before its first dispatch job runs.
 */
const newsTemplate = definePlugin({
  name: 'sms-news-template',
  version: '1.0.0',
  dependencies: [smsPlugin],
  setup(api) {
    api.container.resolve(TEMPLATE_SERVICE).register(NEWS);
  },
});

function smsOptions(server: TwilioTestServer, overrides: Partial<SmsOptionsInput> = {}): SmsOptionsInput {
  return {
    provider: { provider: 'twilio', ...TWILIO, baseUrl: server.url, timeoutMs: 5_000 },
    senders: { default: '+15005550006' },
    unsubscribeUrl: 'https://crm.test/u/{token}',
    retry: { attempts: 3, delaySeconds: 0 },
    ...overrides,
  };
}

async function buildCrm(
  database: TestDatabase,
  server: TwilioTestServer,
  overrides: Partial<SmsOptionsInput>,
  jobs: { workers?: boolean } = {},
  extra: readonly AnyPlugin[] = [],
): Promise<SmsCrm> {
  return (await createCrm({
    database: { url: database.url },
    plugins: [messagingPlugin, smsPlugin.configure(smsOptions(server, overrides)), ...extra],
    jobs: { pollingIntervalSeconds: 0.5, ...jobs },
  })) as unknown as SmsCrm;
}

async function seedTenant(crm: SmsCrm, count: number, tag: string, prefix: string): Promise<CallContext> {
  const tenant = await crm.services.tenants.create({ name: `Tenant ${tag}` });
  const ctx = crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'test' } });
  for (let i = 0; i < count; i++) {
    await addTexter(crm, ctx, {
      givenName: `P${i}`,
      phone: `${prefix}${String(i).padStart(3, '0')}`,
      tags: [tag],
    });
  }
  return ctx;
}

async function waitForMailing(crm: SmsCrm, ctx: CallContext, mailingId: string) {
  await expect
    .poll(async () => (await crm.services.messaging.progress(ctx, mailingId)).done, {
      timeout: 30_000,
      interval: 200,
    })
    .toBe(true);
  return crm.services.messaging.progress(ctx, mailingId);
}

const countBy = (numbers: readonly string[]) => {
  const counts = new Map<string, number>();
  for (const n of numbers) counts.set(n, (counts.get(n) ?? 0) + 1);
  return counts;
};

// The end-to-end tests of the delivery and dispatch jobs: pg-boss's workers run them, as in production.
describe('SMS direct mail across a restart', () => {
  const server = new TwilioTestServer(TWILIO);
  let database: TestDatabase;

  beforeAll(async () => {
    await server.start();
    database = await createTestDatabase({
      migrated: { plugins: [messagingPlugin, smsPlugin.configure(smsOptions(server))] },
    });
  });
  afterAll(async () => {
    await database?.drop();
    await server.close();
  });

  it('a CRM stopped mid-mailing leaves the rest to a new CRM on the same database: everyone gets exactly one SMS', async () => {
    const first = await buildCrm(database, server, { rate: 15 });
    await first.migrate();
    first.services.templates.register(NEWS);
    const ctx = await seedTenant(first, 40, 'stop', '+447911126');
    const started = await first.services.messaging.sendToSegment(ctx, {
      channel: 'sms',
      template: 'news',
      filter: f.tag('stop'),
    });
    expect(started.byStatus.queued).toBe(40);
    await expect
      .poll(() => server.received.length, { timeout: 20_000, interval: 50 })
      .toBeGreaterThanOrEqual(8);
    await first.close();
    const midway = server.received.length;
    expect(midway).toBeLessThan(40);

    const second = await buildCrm(database, server, { rate: 15 }, {}, [newsTemplate]);
    try {
      const done = await waitForMailing(second, ctx, started.mailing.id);
      expect(done.byStatus, JSON.stringify(done.byStatus)).toMatchObject({
        sent: 40,
        unknown: 0,
        queued: 0,
        sending: 0,
      });
      const perRecipient = countBy(
        server.received.filter((m) => m.to.startsWith('+447911126')).map((m) => m.to),
      );
      expect(perRecipient.size).toBe(40);
      expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
      const entries = await second.transaction(ctx, (tx) =>
        tx.sql<{ n: number }>(
          `select count(*)::int as n from core_journal_entry where tenant_id = $1 and external_id like 'message:%'`,
          [ctx.tenantId],
        ),
      );
      expect(entries[0]!.n).toBe(40);
    } finally {
      await second.close();
    }
  });

  it('SMS found claimed by a worker that died are marked unknown and never sent again; the rest go out', async () => {
    const first = await buildCrm(
      database,
      server,
      { rate: 100, claimTimeoutSeconds: 60 },
      { workers: false },
    );
    first.services.templates.register(NEWS);
    const ctx = await seedTenant(first, 6, 'dead', '+447911127');
    const started = await first.services.messaging.sendToSegment(ctx, {
      channel: 'sms',
      template: 'news',
      filter: f.tag('dead'),
    });
    // What a worker killed between its claim and its outcome leaves behind.
    const crashed = await first.transaction(ctx, (tx) =>
      tx.sql<{ id: string; address: string }>(
        `update messaging_message set status = 'sending', attempts = 1, claimed_at = now() - interval '1 hour',
           claim_id = gen_random_uuid()
         where tenant_id = $1 and id in (
           select id from messaging_message where tenant_id = $1 and mailing_id = $2 order by id limit 2)
         returning id, address`,
        [ctx.tenantId, started.mailing.id],
      ),
    );
    expect(crashed).toHaveLength(2);
    await first.close();

    const second = await buildCrm(database, server, { rate: 100, claimTimeoutSeconds: 60 }, {}, [
      newsTemplate,
    ]);
    try {
      const done = await waitForMailing(second, ctx, started.mailing.id);
      expect(done.byStatus).toMatchObject({ sent: 4, unknown: 2, queued: 0, sending: 0 });
      const received = server.received.filter((m) => m.to.startsWith('+447911127'));
      expect(received).toHaveLength(4);
      for (const { id, address } of crashed) {
        expect(received.some((m) => m.to === address)).toBe(false);
        expect((await second.services.messaging.get(ctx, id)).status).toBe('unknown');
        expect((await second.services.messaging.attempts(ctx, id)).map((a) => a.outcome)).toEqual([
          'unknown',
        ]);
      }
    } finally {
      await second.close();
    }
  });
});
