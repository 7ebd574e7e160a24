import { type CallContext, definePlugin, f, TEMPLATE_SERVICE } from '@rapport/core/plugin';
import type { TestDatabase } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailPlugin } from '../src/index.js';
import { startSmtpServer, type TestSmtpServer } from '../src/testing/index.js';
import {
  addCustomer,
  buildCrm,
  type EmailCrm,
  emailDatabase,
  journalRowsOf,
  waitForMailing,
  waitForStatus,
} from './fixture.js';

const NEWS = { kind: 'email', name: 'news', parts: { subject: 'News', text: 'Hi {{party.givenName}}' } };
const register = (crm: EmailCrm) => crm.services.templates.register(NEWS);

/**
 * Registers the template in `setup`, before the CRM's workers start: a CRM that resumes a mailing
 * must know its template before its first dispatch job runs (one registered after `createCrm`
 * races the resumed job, which then fails the messages it cannot render).
 */
const newsTemplate = definePlugin({
  name: 'news-template',
  version: '1.0.0',
  dependencies: [emailPlugin],
  setup(api) {
    api.container.resolve(TEMPLATE_SERVICE).register(NEWS);
  },
});

async function seedTenant(crm: EmailCrm, count: number, tag: string): Promise<CallContext> {
  const tenant = await crm.services.tenants.create({ name: `Tenant ${tag}` });
  const ctx = crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'test' } });
  for (let i = 0; i < count; i++)
    await addCustomer(crm, ctx, { givenName: `P${i}`, email: `${tag}${i}@crash.test`, tags: [tag] });
  return ctx;
}

// The end-to-end tests of the delivery and dispatch jobs: pg-boss's workers run them, as in production.
describe('direct mail across a restart', () => {
  let server: TestSmtpServer;
  let database: TestDatabase;

  beforeAll(async () => {
    server = await startSmtpServer();
    database = await emailDatabase(server);
  });
  afterAll(async () => {
    await database?.drop();
    await server?.close();
  });

  it('a CRM stopped mid-mailing leaves the rest to a new CRM on the same database: everyone gets exactly one copy', async () => {
    const first = await buildCrm(database, server, { rate: 15 });
    await first.migrate();
    register(first);
    const ctx = await seedTenant(first, 40, 'stop');
    const started = await first.services.messaging.sendToSegment(ctx, {
      channel: 'email',
      template: 'news',
      filter: f.tag('stop'),
    });
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
      const perRecipient = new Map<string, number>();
      for (const mail of server.received)
        perRecipient.set(mail.to[0]!, (perRecipient.get(mail.to[0]!) ?? 0) + 1);
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

  it('messages found claimed by a worker that died are marked unknown and never sent again; the rest go out', async () => {
    const first = await buildCrm(
      database,
      server,
      { rate: 100, claimTimeoutSeconds: 60 },
      { workers: false },
    );
    await first.migrate();
    register(first);
    const ctx = await seedTenant(first, 6, 'dead');
    const started = await first.services.messaging.sendToSegment(ctx, {
      channel: 'email',
      template: 'news',
      filter: f.tag('dead'),
    });
    const single = await first.services.messaging.send(ctx, {
      channel: 'email',
      partyId: (await first.services.segments.query(ctx, f.tag('dead'), { limit: 1 })).items[0]!.id,
      template: 'news',
    });
    // What a worker killed between its claim and its outcome leaves behind.
    const crashed = await first.transaction(ctx, (tx) =>
      tx.sql<{ id: string; address: string }>(
        `update messaging_message set status = 'sending', attempts = 1, claimed_at = now() - interval '1 hour',
           claim_id = gen_random_uuid()
         where tenant_id = $1 and (id = $3 or id in (
           select id from messaging_message where tenant_id = $1 and mailing_id = $2 order by id limit 2))
         returning id, address`,
        [ctx.tenantId, started.mailing.id, single.id],
      ),
    );
    expect(crashed).toHaveLength(3);
    await first.close();

    const second = await buildCrm(database, server, { rate: 100, claimTimeoutSeconds: 60 }, {}, [
      newsTemplate,
    ]);
    try {
      const done = await waitForMailing(second, ctx, started.mailing.id);
      expect(done.byStatus).toMatchObject({ sent: 4, unknown: 2 });
      const lone = await waitForStatus(second, ctx, single.id, ['unknown', 'sent']);
      expect(lone.status).toBe('unknown');
      const received = server.received.filter(
        (m) => m.to[0]!.endsWith('@crash.test') && m.to[0]!.startsWith('dead'),
      );
      expect(received).toHaveLength(4);
      for (const { id, address } of crashed) {
        if (id !== single.id) expect(received.some((m) => m.to[0] === address)).toBe(false);
        const entries = await journalRowsOf(second, ctx, id);
        expect(entries.map((e) => e.data.status)).toEqual(['unknown']);
        expect((await second.services.messaging.attempts(ctx, id)).map((a) => a.outcome)).toEqual([
          'unknown',
        ]);
      }
    } finally {
      await second.close();
    }
  });
});
