import { createCrm, f } from '@rapport/core';
import { definePlugin } from '@rapport/core/plugin';
import { type BenchEnv, cpuSpent, readCpu, seedRecipients } from '@rapport/testing/bench';
import pg from 'pg';
import { type MessageChannel, messagingPlugin } from '../src/index.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? (process.env.BENCH_FULL ? 100_000 : 20_000));
const CHUNK = 500;
const quiet = { debug() {}, info() {}, warn() {}, error: console.error };

/** A channel whose transport accepts every message at once: what is left is messaging's own work. */
const instantChannel: MessageChannel = {
  name: 'instant',
  contactKind: 'email',
  consentChannel: 'email',
  consentPolicy: 'opt-in',
  activityType: 'email',
  parts: { subject: { required: true }, text: {} },
  defaultLocale: 'en',
  transport: { deliver: async (message) => ({ status: 'sent', providerId: message.id }) },
  rate: 1_000_000,
  batchSize: CHUNK,
  concurrency: 8,
  retry: { attempts: 3, delaySeconds: 60 },
  claimTimeoutSeconds: 300,
  unsubscribeUrl: (token) => `https://crm.test/u?token=${token}`,
  journalData: ({ message, status, template }) => ({
    subject: message.parts.subject,
    messageId: message.id,
    status,
    to: message.to,
    template,
    ...(message.mailingId ? { mailingId: message.mailingId } : {}),
  }),
};

/**
 * Messaging's own cost per message, without a transport: direct mail of 20k messages (BENCH_FULL:
 * 100k) through a channel that accepts each message at once — recipients resolved, claimed,
 * rendered, every status, attempt row and journal entry written — beside the same rows written by
 * hand with `pg` (the resolving insert, then per chunk of 500 a claiming update and a transaction
 * with the outcomes, the attempts and the journal entries with their party links). The channel
 * benchmarks (`@rapport/messaging-email`, `@rapport/messaging-sms`) put a real transport beside it.
 */
export default async function bench(env: BenchEnv): Promise<void> {
  const db = await env.freshDatabase();
  const crm = await createCrm({
    database: { url: db.url },
    plugins: [
      messagingPlugin,
      definePlugin({ name: 'bench-instant', version: '1.0.0', channels: [() => instantChannel] }),
    ],
    jobs: { pollingIntervalSeconds: 0.5 },
    logger: quiet,
  });
  const client = new pg.Client({ connectionString: db.url });
  try {
    await crm.migrate();
    const tenant = await crm.services.tenants.create({ name: 'Bench' });
    const ctx = crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'bench' } });
    await seedRecipients(crm, ctx, {
      count: MESSAGES,
      consentChannel: 'email',
      contact: { kind: 'email', valueSql: (n) => `'p' || ${n} || '@bench.test'`, identity: true },
    });
    crm.services.templates.register({
      kind: 'instant',
      name: 'bench',
      parts: {
        subject: 'Offer for {{name party "informal"}}',
        text: 'Dear {{name party}}, {{discount}} off this week. Unsubscribe: {{unsubscribeUrl}}',
      },
    });

    const frameworkCpu = await readCpu(db.url);
    const started = performance.now();
    const { mailing } = await crm.services.messaging.sendToSegment(ctx, {
      channel: 'instant',
      template: 'bench',
      filter: f.tag('bench'),
      data: { discount: '15%' },
    });
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const [row] = await crm.transaction(ctx, (tx) =>
        tx.sql<{ status: string }>('select status from messaging_mailing where tenant_id = $1 and id = $2', [
          ctx.tenantId,
          mailing.id,
        ]),
      );
      if (row?.status !== 'running') break;
    }
    const frameworkMs = performance.now() - started;
    const framework = cpuSpent(frameworkCpu, await readCpu(db.url));
    const progress = await crm.services.messaging.progress(ctx, mailing.id);
    if (progress.byStatus.sent !== MESSAGES) throw new Error(`sent ${progress.byStatus.sent} of ${MESSAGES}`);

    await client.connect();
    const handCpu = await readCpu(db.url);
    const handStarted = performance.now();
    await handWritten(client, ctx.tenantId, mailing.id);
    const handMs = performance.now() - handStarted;
    const hand = cpuSpent(handCpu, await readCpu(db.url));
    const [check] = await crm.transaction(ctx, (tx) =>
      tx.sql<{ n: number }>(
        `select count(*)::int as n from core_journal_entry where tenant_id = $1 and type = 'email'`,
        [ctx.tenantId],
      ),
    );
    if (check?.n !== 2 * MESSAGES)
      throw new Error(`${check?.n} journal entries for 2 × ${MESSAGES} messages`);

    const perMessage = (seconds: number | undefined) =>
      seconds === undefined ? 'n/a' : Math.round((seconds / MESSAGES) * 1e6) / 1000;
    env.report(
      `Messaging's own work per message (${MESSAGES.toLocaleString('en-US')} messages, a transport that accepts at once)`,
      [
        {
          run: 'Rapport direct mail (resolve, claim, render, record)',
          'msgs/s': Math.round(MESSAGES / (frameworkMs / 1000)),
          'node CPU ms/msg': perMessage(framework.node),
          'database CPU ms/msg': perMessage(framework.postgres),
        },
        {
          run: 'the same rows written by hand (pg)',
          'msgs/s': Math.round(MESSAGES / (handMs / 1000)),
          'node CPU ms/msg': perMessage(hand.node),
          'database CPU ms/msg': perMessage(hand.postgres),
        },
      ],
    );
  } finally {
    await client.end().catch(() => undefined);
    await crm.close();
    await db.drop();
  }
}

/**
 * The rows the framework writes, by hand: a second copy of the mailing's messages resolved with one
 * insert, then per chunk one claiming update and one transaction with the outcomes (and the content
 * sent), the attempt rows and the journal entries with their party links.
 */
async function handWritten(client: pg.Client, tenantId: string, mailingId: string): Promise<void> {
  const inTenant = async <T>(fn: () => Promise<T>): Promise<T> => {
    await client.query('begin');
    await client.query(`select set_config('app.tenant_id', $1, true), set_config('app.actor', $2, true)`, [
      tenantId,
      '{"kind":"system","name":"bench"}',
    ]);
    const result = await fn();
    await client.query('commit');
    return result;
  };
  const [copy] = await inTenant(async () => {
    const { rows } = await client.query<{ id: string }>(
      `insert into messaging_mailing (tenant_id, id, name, channel, template, filter, rate, status, actor)
       select tenant_id, core_uuidv7(), 'hand', channel, template, filter, rate, 'running', actor
       from messaging_mailing where tenant_id = $1 and id = $2 returning id`,
      [tenantId, mailingId],
    );
    await client.query(
      `insert into messaging_message (tenant_id, id, channel, mailing_id, party_id, contact_point_id, address, template,
         status, unsubscribe_secret)
       select tenant_id, core_uuidv7(), channel, $3, party_id, contact_point_id, address, template, 'queued',
         md5(random()::text)
       from messaging_message where tenant_id = $1 and mailing_id = $2`,
      [tenantId, mailingId, rows[0]!.id],
    );
    return rows;
  });
  for (;;) {
    const claimed = await inTenant(
      async () =>
        (
          await client.query<{ id: string; party_id: string; address: string; claim_id: string }>(
            `with picked as materialized (
               select id from messaging_message where tenant_id = $1 and mailing_id = $2 and status = 'queued'
               order by next_attempt_at, id limit $3 for update skip locked
             )
             update messaging_message m set status = 'sending', attempts = m.attempts + 1, claimed_at = now(),
               claim_id = gen_random_uuid()
             from picked where m.tenant_id = $1 and m.id = picked.id
             returning m.id, m.party_id, m.address, m.claim_id`,
            [tenantId, copy!.id, CHUNK],
          )
        ).rows,
    );
    if (claimed.length === 0) break;
    const rows = claimed.map((m, i) => ({
      ...m,
      entry_id: crypto.randomUUID(),
      subject: `Offer for ${m.address}`,
      content: { subject: `Offer for ${m.address}`, text: `Dear ${m.address}, 15% off this week. #${i}` },
    }));
    await inTenant(() =>
      client.query(
        `with r as (
           select * from jsonb_to_recordset($2::jsonb)
             as r(id uuid, party_id uuid, address text, claim_id uuid, entry_id uuid, subject text, content jsonb)
         ), done as (
           update messaging_message m set status = 'sent', content = r.content, journal_entry_id = r.entry_id,
             sent_at = now(), finished_at = now(), claim_id = null, claimed_at = null
           from r where m.tenant_id = $1 and m.id = r.id and m.status = 'sending' and m.claim_id = r.claim_id
           returning m.id
         ), attempts as (
           insert into messaging_message_attempt (tenant_id, message_id, attempt, outcome, detail)
           select $1, done.id, 1, 'sent', null from done
         ), entries as (
           insert into core_journal_entry (tenant_id, id, type, occurred_at, actor, direction, subject_type, subject_id,
             data, external_id)
           select $1, r.entry_id, 'email', now(), $3::jsonb, 'outbound', 'core.message', r.id,
             jsonb_build_object('subject', r.subject, 'messageId', r.id, 'status', 'sent', 'to', r.address,
               'template', 'bench', 'mailingId', $4::text),
             'message:' || r.id
           from r join done on done.id = r.id
           returning id, occurred_at
         )
         insert into core_journal_party (tenant_id, party_id, entry_id, role, occurred_at)
         select $1, r.party_id, e.id, 'recipient', e.occurred_at from entries e join r on r.entry_id = e.id`,
        [tenantId, JSON.stringify(rows), '{"kind":"system","name":"bench"}', copy!.id],
      ),
    );
  }
}
