import { createCrm, f } from '@rapport/core';
import { messagingPlugin } from '@rapport/messaging';
import { type BenchEnv, cpuSpent, MemorySampler, readCpu, seedRecipients } from '@rapport/testing/bench';
import { smsPlugin } from '../src/index.js';
import { TwilioTestServer } from '../src/testing/index.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 50_000);
const CONCURRENCY = 20;
const TWILIO = { accountSid: 'AC00000000000000000000000000000b01', authToken: 'bench-auth-token' };
const FROM = '+15005550006';
const STATUS_URL = 'https://crm.test/webhooks/sms/twilio/status';

/** The phone number of bench party `i` (UK mobile range, E.164). */
const phoneOf = (i: number) => `+4474${String(i).padStart(8, '0')}`;

/**
 * SMS direct mail of 50k messages to the local Twilio server, end to end: the segment resolved into
 * message rows, the dispatcher claiming, rendering, checking and sending them through the Twilio
 * transport (HTTP POSTs with Basic auth, form bodies, status callbacks), and every outcome recorded
 * (message status, attempt row, journal entry). Beside it, a plain loop that POSTs the same 50k
 * requests to the same server with `fetch` and the same concurrency: the limit of the transport here.
 */
export default async function bench(env: BenchEnv): Promise<void> {
  const server = await new TwilioTestServer(TWILIO).start();
  const db = await env.freshDatabase();
  try {
    const crm = await createCrm({
      database: { url: db.url },
      plugins: [
        messagingPlugin,
        smsPlugin.configure({
          provider: { provider: 'twilio', ...TWILIO, baseUrl: server.url },
          senders: { default: FROM },
          statusCallbackUrl: STATUS_URL,
          unsubscribeUrl: 'https://crm.test/u/{token}',
          consentPolicy: 'opt-in',
          rate: 100_000,
          batchSize: 500,
          concurrency: CONCURRENCY,
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
        consentChannel: 'sms',
        contact: { kind: 'phone', valueSql: (n) => `'+4474' || lpad(${n}, 8, '0')` },
      });
      console.log(
        `  seeded ${MESSAGES} parties in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
      );
      crm.services.templates.register({
        kind: 'sms',
        name: 'bench',
        parts: { text: 'Hi {{party.givenName}}, {{discount}} off this week. Stop: {{unsubscribeUrl}}' },
      });

      // Read before the clock starts: a reading opens a connection of its own.
      const frameworkCpu = await readCpu(db.url);
      const framework = new MemorySampler();
      const started = performance.now();
      const mailing = await crm.services.messaging.sendToSegment(ctx, {
        channel: 'sms',
        template: 'bench',
        filter: f.tag('bench'),
        data: { discount: '15%' },
      });
      const resolvedMs = performance.now() - started;
      // The mailing's own row is watched every 50 ms (one index probe), as the email bench does, not
      // its progress (a count over all its messages, which would load the database the run uses).
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
      if (progress.byStatus.sent !== MESSAGES || server.received.length !== MESSAGES)
        throw new Error(`sent ${progress.byStatus.sent}, received ${server.received.length} of ${MESSAGES}`);
      const [journal] = await crm.transaction(ctx, (tx) =>
        tx.sql<{ n: number }>(
          "select count(*)::int as n from core_journal_entry where tenant_id = $1 and type = 'sms'",
          [ctx.tenantId],
        ),
      );
      if (journal?.n !== MESSAGES) throw new Error(`${journal?.n} journal entries for ${MESSAGES} messages`);
      await crm.close();
      server.reset();

      // The baseline: the same requests (URL, Basic auth, form fields) straight through fetch.
      const url = `${server.url}/2010-04-01/Accounts/${TWILIO.accountSid}/Messages.json`;
      const authorization = `Basic ${Buffer.from(`${TWILIO.accountSid}:${TWILIO.authToken}`).toString('base64')}`;
      const plainCpu = await readCpu(db.url);
      const plain = new MemorySampler();
      const plainStarted = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let i = next++; i < MESSAGES; i = next++) {
            const id = `0190${String(i).padStart(28, '0')}`;
            const form = new URLSearchParams({
              To: phoneOf(i),
              Body: `Hi Given${i}, 15% off this week. Stop: https://crm.test/u/${tenant.id.replaceAll('-', '')}${'0'.repeat(64)}`,
              From: FROM,
              StatusCallback: `${STATUS_URL}?tenant=${tenant.id}&message=${id}`,
            });
            const response = await fetch(url, {
              method: 'POST',
              headers: {
                authorization,
                'content-type': 'application/x-www-form-urlencoded',
                accept: 'application/json',
              },
              body: form.toString(),
              signal: AbortSignal.timeout(10_000),
            });
            const body = (await response.json()) as { sid?: string };
            if (response.status !== 201 || !body.sid) throw new Error(`plain loop: ${response.status}`);
            if (i % 1000 === 0) plain.sample();
          }
        }),
      );
      const plainMs = performance.now() - plainStarted;
      const plainCpuMs = cpuSpent(plainCpu, await readCpu(db.url)).node * 1000;
      const plainMemory = plain.stop();
      if (server.received.length !== MESSAGES)
        throw new Error(`the server received ${server.received.length}`);

      const rate = (ms: number) => Math.round(MESSAGES / (ms / 1000));
      env.report(
        `SMS direct mail of ${MESSAGES.toLocaleString('en-US')} messages to a local Twilio server (${CONCURRENCY} concurrent requests)`,
        [
          {
            run: 'Rapport SMS direct mail (end to end)',
            's total': Math.round(frameworkMs / 100) / 10,
            'msgs/s': rate(frameworkMs),
            'CPU s': seconds(frameworkCpuMs),
            'database CPU s': databaseCpuMs === null ? 'n/a' : seconds(databaseCpuMs),
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
            run: 'fetch loop, same requests (baseline)',
            's total': Math.round(plainMs / 100) / 10,
            'msgs/s': rate(plainMs),
            'CPU s': seconds(plainCpuMs),
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
    await server.close();
  }
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;
