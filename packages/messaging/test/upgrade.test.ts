import { createCrm } from '@rapport/core';
import { createTestDatabase, drainJobs, expectNoSchemaDrift, type TestDatabase } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagingPlugin } from '../src/index.js';
import { notePlugin, type Outbox } from './fixture.js';
import { OLD_CORE_MESSAGING_SQL } from './fixtures/old-core-messaging.js';

const ids = {
  template: '0190a000-0000-7000-8000-00000000a001',
  mailing: '0190a000-0000-7000-8000-00000000a002',
  message: '0190a000-0000-7000-8000-00000000a003',
  queued: '0190a000-0000-7000-8000-00000000a004',
};

/**
 * A database migrated by a core that still held messaging: core's current migrations, with the
 * templates table as `0005_messaging` first created it and the old messaging tables, holding rows.
 */
async function oldDatabase(): Promise<{ db: TestDatabase; tenantId: string; partyId: string }> {
  const db = await createTestDatabase({ migrated: { plugins: [] } });
  const core = await createCrm({ database: { url: db.url }, jobs: { workers: false } });
  const tenant = await core.services.tenants.create({ name: 'Old' });
  const ctx = core.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'test' } });
  const { party } = await core.services.parties.create(ctx, {
    kind: 'person',
    givenName: 'Olga',
    contactPoints: [{ kind: 'email', value: 'olga@old.test' }],
  });
  await core.close();
  await db.query('drop table core_template');
  await db.adminQuery(
    `delete from core_migration where plugin = '@rapport/core' and name = '0005_templates'`,
  );
  await db.query(OLD_CORE_MESSAGING_SQL);
  await db.adminQuery(
    `insert into core_message_template (tenant_id, id, channel, name, locale, version, parts, actor)
     values ($1, $2, 'note', 'old', 'en', 1, '{"subject":"Kept {{who}}"}', '{"kind":"system","name":"test"}')`,
    [tenant.id, ids.template],
  );
  await db.adminQuery(
    `insert into core_campaign (tenant_id, id, name, channel, template, filter, rate, status, actor)
     values ($1, $2, 'Spring', 'note', 'old', '{}', 5, 'completed', '{"kind":"system","name":"test"}')`,
    [tenant.id, ids.mailing],
  );
  await db.adminQuery(
    `insert into core_message (tenant_id, id, channel, campaign_id, party_id, address, template, status, attempts, sent_at, finished_at)
     values ($1, $2, 'note', $3, $4, 'olga@old.test', 'old', 'sent', 1, now(), now())`,
    [tenant.id, ids.message, ids.mailing, party.id],
  );
  await db.adminQuery(
    `insert into core_message (tenant_id, id, channel, party_id, address, template, status, content)
     values ($1, $2, 'note', $3, 'olga@old.test', 'old', 'queued', '{"subject":"Queued before the upgrade"}')`,
    [tenant.id, ids.queued, party.id],
  );
  await db.adminQuery(
    `insert into core_message_attempt (tenant_id, message_id, attempt, outcome) values ($1, $2, 1, 'sent')`,
    [tenant.id, ids.message],
  );
  return { db, tenantId: tenant.id, partyId: party.id };
}

describe('a database migrated while messaging was in core', () => {
  const outbox: Outbox = { sent: [], closed: 0 };
  let old: Awaited<ReturnType<typeof oldDatabase>>;
  let crm: Awaited<ReturnType<typeof createCrm<[typeof messagingPlugin, ReturnType<typeof notePlugin>]>>>;
  let applied: string[];

  beforeAll(async () => {
    old = await oldDatabase();
    crm = await createCrm({
      database: { url: old.db.url },
      plugins: [messagingPlugin, notePlugin(outbox)],
      jobs: { workers: false },
    });
    applied = (await crm.migrate()).map((m) => `${m.plugin}:${m.name}`);
  });
  afterAll(async () => {
    await crm?.close();
    await old?.db.drop();
  });

  it("renames core's templates table and messaging takes over its tables instead of creating them", async () => {
    expect(applied).toEqual([
      '@rapport/core:0005_templates',
      '@rapport/messaging:0001_messaging',
      '@rapport/messaging:0002_message_resend',
      '@rapport/messaging:0003_message_attachments',
      '@rapport/messaging:0004_deferred_journal_link',
    ]);
    const [tables] = await old.db.adminQuery<Record<string, string | null>>(
      `select to_regclass('core_message')::text as old_message, to_regclass('core_campaign')::text as old_campaign,
              to_regclass('core_message_template')::text as old_template, to_regclass('messaging_message')::text as message`,
    );
    expect(tables).toEqual({
      old_message: null,
      old_campaign: null,
      old_template: null,
      message: 'messaging_message',
    });
  });

  it('keeps every message, its mailing, its attempts and the tenant templates', async () => {
    const ctx = crm.context({ tenantId: old.tenantId, actor: { kind: 'system', name: 'test' } });
    expect(await crm.services.messaging.get(ctx, ids.message)).toMatchObject({
      status: 'sent',
      mailingId: ids.mailing,
      partyId: old.partyId,
    });
    expect(await crm.services.messaging.attempts(ctx, ids.message)).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'sent' }),
    ]);
    expect(await crm.services.messaging.progress(ctx, ids.mailing)).toMatchObject({
      mailing: { id: ids.mailing, name: 'Spring', status: 'completed' },
      total: 1,
    });
    const rendered = await crm.services.templates.render(ctx, {
      kind: 'note',
      name: 'old',
      data: { who: 'all' },
    });
    expect(rendered).toMatchObject({ source: 'tenant', version: 1, parts: { subject: 'Kept all' } });
  });

  it('ends with the schema a fresh database has (tables, constraints, indexes, policies)', async () => {
    await expectNoSchemaDrift(crm);
    const policies = await old.db.adminQuery<{ policyname: string }>(
      `select policyname from pg_policies where tablename in ('core_template', 'messaging_mailing', 'messaging_message', 'messaging_message_attempt') order by 1`,
    );
    expect(policies.map((p) => p.policyname)).toEqual([
      'core_template_tenant_isolation',
      'messaging_mailing_tenant_isolation',
      'messaging_message_attempt_tenant_isolation',
      'messaging_message_tenant_isolation',
    ]);
    const leftovers = await old.db.adminQuery<{ name: string }>(
      `select conname as name from pg_constraint where conname like 'core\\_message%' or conname like 'core\\_campaign%'
       union all select indexname from pg_indexes where indexname like 'core\\_message%' or indexname like 'core\\_campaign%'`,
    );
    expect(leftovers).toEqual([]);
  });

  it('delivers a message whose job a core 0.1 queued under its old name', async () => {
    const ctx = crm.context({ tenantId: old.tenantId, actor: { kind: 'system', name: 'test' } });
    // What core 0.1 wrote with the message: a `core.messaging.deliver` job.
    await crm.transaction(ctx, (tx) =>
      tx.enqueue('core.messaging.deliver' as never, { messageId: ids.queued } as never),
    );
    await drainJobs(crm, { delayed: true });
    expect(await crm.services.messaging.get(ctx, ids.queued)).toMatchObject({ status: 'sent' });
    expect(outbox.sent.map((m) => [m.id, m.parts.subject])).toEqual([
      [ids.queued, 'Queued before the upgrade'],
    ]);
  });
});
