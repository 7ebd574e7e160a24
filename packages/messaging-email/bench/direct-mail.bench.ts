import { createCrm, f } from '@rapport/core';
import { messagingPlugin } from '@rapport/messaging';
import { type BenchEnv, MemorySampler } from '@rapport/testing/bench';
import nodemailer from 'nodemailer';
import { emailPlugin } from '../src/index.js';
import { startSink } from './sink-server.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 50_000);
const CONNECTIONS = 5;

/**
 * Direct mail of 50k messages to a local SMTP server, end to end: the segment resolved into message
 * rows, the dispatcher claiming, rendering and sending them through nodemailer's pool, and every
 * outcome recorded (message status, attempt row, journal entry). Beside it, the same 50k messages
 * sent straight through nodemailer in a loop with the same pool: the limit of the transport here.
 */
export default async function bench(env: BenchEnv): Promise<void> {
  const sink = await startSink();
  const db = await env.freshDatabase();
  try {
    const crm = await createCrm({
      database: { url: db.url },
      plugins: [
        messagingPlugin,
        emailPlugin.configure({
          from: '"Bench" <bench@rapport.test>',
          unsubscribeUrl: 'https://crm.test/u?token={token}',
          smtp: {
            host: '127.0.0.1',
            port: sink.port,
            ignoreTLS: true,
            maxConnections: CONNECTIONS,
            maxMessages: 100_000,
          },
          rate: 100_000,
          batchSize: 500,
        }),
      ],
      jobs: { pollingIntervalSeconds: 0.5 },
    });
    try {
      await crm.migrate();
      const tenant = await crm.services.tenants.create({ name: 'Bench' });
      const ctx = crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'bench' } });
      const seedStarted = performance.now();
      // Seeded with set-based SQL (what the import would write, minus its checks): the benchmark
      // measures sending, not loading.
      await crm.transaction(ctx, async (tx) => {
        await tx.sql(
          `insert into core_party (tenant_id, id, kind, display_name, given_name, family_name, tags)
           select $1, core_uuidv7(), 'person', 'Given' || i || ' Family' || i, 'Given' || i, 'Family' || i, '{bench}'
           from generate_series(0, $2 - 1) as i`,
          [ctx.tenantId, MESSAGES],
        );
        await tx.sql(
          `insert into core_contact_point (tenant_id, id, party_id, kind, value, is_primary)
           select $1, core_uuidv7(), p.id, 'email', 'p' || substring(p.given_name from 6) || '@bench.test', true
           from core_party p where p.tenant_id = $1`,
          [ctx.tenantId],
        );
        await tx.sql(
          `insert into core_party_identity (tenant_id, kind, value, party_id)
           select $1, 'email', cp.value, cp.party_id from core_contact_point cp where cp.tenant_id = $1`,
          [ctx.tenantId],
        );
        await tx.sql(
          `insert into core_consent (tenant_id, id, party_id, channel, status, source, actor)
           select $1, core_uuidv7(), p.id, 'email', 'opted_in', 'bench', '{"kind":"system","name":"bench"}'
           from core_party p where p.tenant_id = $1`,
          [ctx.tenantId],
        );
      });
      await crm.transaction(ctx, (tx) => tx.sql('analyze'));
      console.log(
        `  seeded ${MESSAGES} parties in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
      );
      crm.services.templates.register({
        kind: 'email',
        name: 'bench',
        parts: {
          subject: 'Offer for {{name party "informal"}}',
          html: '<p>Dear {{name party}},</p><p>{{discount}} off this week.</p><p><a href="{{unsubscribeUrl}}">Unsubscribe</a></p>',
          text: 'Dear {{name party}}, {{discount}} off this week. Unsubscribe: {{unsubscribeUrl}}',
        },
      });

      const framework = new MemorySampler();
      const started = performance.now();
      const mailing = await crm.services.messaging.sendToSegment(ctx, {
        channel: 'email',
        template: 'bench',
        filter: f.tag('bench'),
        data: { discount: '15%' },
      });
      const resolvedMs = performance.now() - started;
      let progress = mailing;
      while (!progress.done) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        framework.sample();
        progress = await crm.services.messaging.progress(ctx, mailing.mailing.id);
      }
      const frameworkMs = performance.now() - started;
      const frameworkMemory = framework.stop();
      if (progress.byStatus.sent !== MESSAGES || sink.count() !== MESSAGES)
        throw new Error(`sent ${progress.byStatus.sent}, received ${sink.count()} of ${MESSAGES}`);
      const [journal] = await crm.transaction(ctx, (tx) =>
        tx.sql<{ n: number }>(
          "select count(*)::int as n from core_journal_entry where tenant_id = $1 and type = 'email'",
          [ctx.tenantId],
        ),
      );
      if (journal?.n !== MESSAGES) throw new Error(`${journal?.n} journal entries for ${MESSAGES} messages`);
      await crm.close();

      // The baseline: the same messages straight through nodemailer, same pool, same concurrency.
      const mailer = nodemailer.createTransport({
        host: '127.0.0.1',
        port: sink.port,
        ignoreTLS: true,
        pool: true,
        maxConnections: CONNECTIONS,
        maxMessages: 100_000,
      });
      const plain = new MemorySampler();
      const plainStarted = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          for (let i = next++; i < MESSAGES; i = next++) {
            await mailer.sendMail({
              from: '"Bench" <bench@rapport.test>',
              to: `p${i}@bench.test`,
              subject: `Offer for Given${i}`,
              html: `<p>Dear Given${i} Family${i},</p><p>15% off this week.</p><p><a href="https://crm.test/u?token=${i}">Unsubscribe</a></p>`,
              text: `Dear Given${i} Family${i}, 15% off this week. Unsubscribe: https://crm.test/u?token=${i}`,
              messageId: `<${i}@rapport.test>`,
              headers: {
                'List-Unsubscribe': `<https://crm.test/u?token=${i}>`,
                'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
              },
            });
            if (i % 1000 === 0) plain.sample();
          }
        }),
      );
      const plainMs = performance.now() - plainStarted;
      const plainMemory = plain.stop();
      mailer.close();
      if (sink.count() !== 2 * MESSAGES) throw new Error(`the sink received ${sink.count()}`);

      const rate = (ms: number) => Math.round(MESSAGES / (ms / 1000));
      env.report(
        `direct mail of ${MESSAGES.toLocaleString('en-US')} messages to a local SMTP server (${CONNECTIONS} pooled connections)`,
        [
          {
            run: 'Rapport direct mail (end to end)',
            's total': Math.round(frameworkMs / 100) / 10,
            'msgs/s': rate(frameworkMs),
            'RSS before MB': frameworkMemory.rssStartMb,
            'peak RSS MB': frameworkMemory.peakRssMb,
            'peak heap MB': frameworkMemory.peakHeapMb,
          },
          {
            run: '  of which: resolve recipients (insert…select)',
            's total': Math.round(resolvedMs / 100) / 10,
            'msgs/s': rate(resolvedMs),
            'RSS before MB': '',
            'peak RSS MB': '',
            'peak heap MB': '',
          },
          {
            run: 'nodemailer loop (baseline)',
            's total': Math.round(plainMs / 100) / 10,
            'msgs/s': rate(plainMs),
            'RSS before MB': plainMemory.rssStartMb,
            'peak RSS MB': plainMemory.peakRssMb,
            'peak heap MB': plainMemory.peakHeapMb,
          },
          {
            run: 'framework / baseline time',
            's total': Math.round((frameworkMs / plainMs) * 100) / 100,
            'msgs/s': '',
            'RSS before MB': '',
            'peak RSS MB': '',
            'peak heap MB': '',
          },
        ],
      );
    } finally {
      await crm.close();
    }
  } finally {
    await db.drop();
    await sink.close();
  }
}
