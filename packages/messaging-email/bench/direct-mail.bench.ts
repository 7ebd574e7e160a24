import { createCrm, f } from '@rapport/core';
import { messagingPlugin } from '@rapport/messaging';
import { type BenchEnv, cpuSpent, MemorySampler, readCpu, seedRecipients } from '@rapport/testing/bench';
import nodemailer from 'nodemailer';
import { emailPlugin } from '../src/index.js';
import { startSink } from './sink-server.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 50_000);
const CONNECTIONS = 5;
/** Messages sent through the plain loop, untimed, before anything is measured. */
const WARMUP = 2_000;

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
      await seedRecipients(crm, ctx, {
        count: MESSAGES,
        consentChannel: 'email',
        contact: { kind: 'email', valueSql: (n) => `'p' || ${n} || '@bench.test'`, identity: true },
      });
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

      // Untimed: nodemailer's and the sink's code compiled by the JIT before either run, so the
      // baseline (run second) does not get a warm transport that the framework's run paid for.
      await plainLoop(sink.port, WARMUP);

      // Read before the clock starts: a reading opens a connection of its own.
      const frameworkCpu = await readCpu(db.url);
      const framework = new MemorySampler();
      const started = performance.now();
      const mailing = await crm.services.messaging.sendToSegment(ctx, {
        channel: 'email',
        template: 'bench',
        filter: f.tag('bench'),
        data: { discount: '15%' },
      });
      const resolvedMs = performance.now() - started;
      // The mailing's own row is watched every 50 ms (one index probe), not its progress (a count
      // over all its messages, 50k rows, which would load the database the run is using), so the
      // end is seen within 50 ms of the dispatcher completing the mailing.
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        framework.sample();
        const [row] = await crm.transaction(ctx, (tx) =>
          tx.sql<{ status: string }>(
            'select status from messaging_mailing where tenant_id = $1 and id = $2',
            [ctx.tenantId, mailing.mailing.id],
          ),
        );
        if (row?.status !== 'running') break;
      }
      const frameworkMs = performance.now() - started;
      const frameworkSpent = cpuSpent(frameworkCpu, await readCpu(db.url));
      const frameworkCpuMs = frameworkSpent.node * 1000;
      const databaseCpuMs = frameworkSpent.postgres === undefined ? null : frameworkSpent.postgres * 1000;
      const frameworkMemory = framework.stop();
      const progress = await crm.services.messaging.progress(ctx, mailing.mailing.id);
      if (progress.byStatus.sent !== MESSAGES || sink.count() !== WARMUP + MESSAGES)
        throw new Error(`sent ${progress.byStatus.sent}, received ${sink.count() - WARMUP} of ${MESSAGES}`);
      const [journal] = await crm.transaction(ctx, (tx) =>
        tx.sql<{ n: number }>(
          "select count(*)::int as n from core_journal_entry where tenant_id = $1 and type = 'email'",
          [ctx.tenantId],
        ),
      );
      if (journal?.n !== MESSAGES) throw new Error(`${journal?.n} journal entries for ${MESSAGES} messages`);
      await crm.close();

      // The baseline: the same messages straight through nodemailer, same pool, same concurrency.
      const plainCpu = await readCpu(db.url);
      const plain = new MemorySampler();
      const plainStarted = performance.now();
      await plainLoop(sink.port, MESSAGES, () => plain.sample());
      const plainMs = performance.now() - plainStarted;
      const plainCpuMs = cpuSpent(plainCpu, await readCpu(db.url)).node * 1000;
      const plainMemory = plain.stop();
      if (sink.count() !== WARMUP + 2 * MESSAGES) throw new Error(`the sink received ${sink.count()}`);

      // CPU time beside wall time: on a shared machine the wall-time ratio moves with everyone
      // else's load, the CPU time this process spent on each run much less.
      const rate = (ms: number) => Math.round(MESSAGES / (ms / 1000));
      env.report(
        `direct mail of ${MESSAGES.toLocaleString('en-US')} messages to a local SMTP server (${CONNECTIONS} pooled connections)`,
        [
          {
            run: 'Rapport direct mail (end to end)',
            's total': Math.round(frameworkMs / 100) / 10,
            'msgs/s': rate(frameworkMs),
            'CPU s': Math.round(frameworkCpuMs / 100) / 10,
            'database CPU s': databaseCpuMs === null ? 'n/a' : Math.round(databaseCpuMs / 100) / 10,
            'RSS before MB': frameworkMemory.rssStartMb,
            'peak RSS MB': frameworkMemory.peakRssMb,
            'peak heap MB': frameworkMemory.peakHeapMb,
          },
          {
            run: '  of which: resolve recipients (insert…select)',
            's total': Math.round(resolvedMs / 100) / 10,
            'msgs/s': rate(resolvedMs),
            'CPU s': '',
            'database CPU s': '',
            'RSS before MB': '',
            'peak RSS MB': '',
            'peak heap MB': '',
          },
          {
            run: 'nodemailer loop (baseline)',
            's total': Math.round(plainMs / 100) / 10,
            'msgs/s': rate(plainMs),
            'CPU s': Math.round(plainCpuMs / 100) / 10,
            'database CPU s': '',
            'RSS before MB': plainMemory.rssStartMb,
            'peak RSS MB': plainMemory.peakRssMb,
            'peak heap MB': plainMemory.peakHeapMb,
          },
          {
            run: 'framework / baseline time',
            's total': Math.round((frameworkMs / plainMs) * 100) / 100,
            'msgs/s': '',
            'CPU s': Math.round((frameworkCpuMs / plainCpuMs) * 100) / 100,
            'database CPU s': '',
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

/** Sends `count` messages straight through a nodemailer pool, `CONNECTIONS` at a time. */
async function plainLoop(port: number, count: number, sample?: () => void): Promise<void> {
  const mailer = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    ignoreTLS: true,
    pool: true,
    maxConnections: CONNECTIONS,
    maxMessages: 100_000,
  });
  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      for (let i = next++; i < count; i = next++) {
        // What the framework sends, byte for byte in size: a 96-digit unsubscribe token (tenant and
        // secret), a UUID Message-ID, and the HTML-escaped link Handlebars writes into the HTML part.
        const token = i.toString(16).padStart(96, 'a');
        const url = `https://crm.test/u?token=${token}`;
        await mailer.sendMail({
          from: '"Bench" <bench@rapport.test>',
          to: `p${i}@bench.test`,
          subject: `Offer for Given${i}`,
          html: `<p>Dear Given${i} Family${i},</p><p>15% off this week.</p><p><a href="https://crm.test/u?token&#x3D;${token}">Unsubscribe</a></p>`,
          text: `Dear Given${i} Family${i}, 15% off this week. Unsubscribe: ${url}`,
          messageId: `<00000000-0000-7000-8000-${i.toString(16).padStart(12, '0')}@rapport.test>`,
          headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        });
        if (i % 1000 === 0) sample?.();
      }
    }),
  );
  mailer.close();
}
