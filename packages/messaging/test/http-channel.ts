import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { definePlugin, type Logger } from '@rapport/core/plugin';
import { createTestCrm, seedOrganisation } from '@rapport/testing';
import { type MessageChannel, type MessagingService, messagingPlugin } from '../src/index.js';

/** One request the provider server received, and when (its own clock, `performance.now()`). */
export interface Received {
  to: string;
  subject: string;
  unsubscribeUrl: string | null;
  at: number;
}

/** What the server answers for an address: accept (200), refuse for good (400), or fail for now (503). */
export type Answer = 'accept' | 'refuse' | 'unavailable';

/** A tiny message provider on 127.0.0.1: real HTTP, JSON bodies, recording what it accepted. */
export interface ProviderServer {
  url: string;
  received: Received[];
  answer(fn: (to: string) => Answer): void;
  close(): Promise<void>;
}

/** Starts the provider server on a free loopback port. */
export async function startProvider(): Promise<ProviderServer> {
  const received: Received[] = [];
  let decide: (to: string) => Answer = () => 'accept';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = performance.now();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Omit<Received, 'at'>;
      const answer = decide(body.to);
      if (answer === 'accept') received.push({ ...body, at });
      res.writeHead(answer === 'accept' ? 200 : answer === 'refuse' ? 400 : 503, {
        'content-type': 'application/json',
      });
      res.end(
        JSON.stringify(
          answer === 'accept' ? { id: `p-${received.length}` } : { error: `${answer}: ${body.to}` },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/messages`,
    received,
    answer: (fn) => {
      decide = fn;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A channel (`post`, addressing email contact points) whose transport POSTs to the provider server. */
export function postChannel(url: string, rate = 1000, batchSize = 50): MessageChannel {
  return {
    name: 'post',
    contactKind: 'email',
    consentChannel: 'post',
    consentPolicy: 'opt-out',
    activityType: 'email',
    parts: { subject: { required: true } },
    defaultLocale: 'en',
    transport: {
      deliver: async (message) => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            to: message.to,
            subject: message.parts.subject,
            unsubscribeUrl: message.unsubscribeUrl,
          }),
        });
        const body = (await response.json()) as { id?: string; error?: string };
        if (response.ok) return { status: 'sent', providerId: body.id! };
        return { status: 'failed', permanent: response.status === 400, reason: body.error ?? 'error' };
      },
      close: async () => undefined,
    },
    rate,
    batchSize,
    concurrency: 2,
    retry: { attempts: 2, delaySeconds: 0 },
    claimTimeoutSeconds: 60,
    unsubscribeUrl: (token) => `https://crm.test/u?token=${token}`,
    journalData: ({ message, status, reason }) => ({
      subject: message.parts.subject,
      status,
      to: message.to,
      ...(message.mailingId ? { mailingId: message.mailingId } : {}),
      ...(reason ? { reason } : {}),
    }),
  };
}

/**
 * A migrated CRM with messaging, the `post` channel on a running provider server and its template
 * `hello`, extra plugins (hook taps), and an organisation (managers, agents) in one tenant.
 */
export async function postTestCrm(
  options: {
    rate?: number;
    /** The channel's batch size, hence a mailing's chunk (default 50). */
    batchSize?: number;
    plugins?: ReadonlyArray<ReturnType<typeof definePlugin>>;
    logger?: Logger;
  } = {},
) {
  const provider = await startProvider();
  const postPlugin = definePlugin({
    name: 'test-post-channel',
    version: '1.0.0',
    dependencies: { '@rapport/core': '^0.1.0', '@rapport/messaging': '^0.1.0' },
    channels: [postChannel(provider.url, options.rate, options.batchSize)],
  });
  const env = await createTestCrm({
    plugins: [messagingPlugin, postPlugin, ...(options.plugins ?? [])] as const,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  env.crm.services.templates.register({ kind: 'post', name: 'hello', parts: { subject: 'Hello {{who}}' } });
  const org = await seedOrganisation(env.crm);
  const crm = env.crm as typeof env.crm & { services: { messaging: MessagingService } };
  let n = 0;
  /** A party with an email address the provider will receive. */
  const party = async (name = `p${++n}`, tags: string[] = []) =>
    (
      await env.crm.services.parties.create(org.system, {
        kind: 'person',
        givenName: name,
        tags,
        contactPoints: [{ kind: 'email', value: `${name}@post.test` }],
      })
    ).party;
  return {
    ...env,
    crm,
    org,
    provider,
    party,
    close: async () => {
      await env.close();
      await provider.close();
    },
  };
}

/**
 * Leaves messages as a worker that crashed while sending would: `sending`, attempt counted, claimed
 * `ageSeconds` ago (set by SQL — no code path of the library does this).
 */
export async function leaveClaimed(
  env: Awaited<ReturnType<typeof postTestCrm>>,
  messageIds: readonly string[],
  ageSeconds: number,
): Promise<void> {
  await env.crm.transaction(env.org.system, (tx) =>
    tx.sql(
      `update messaging_message set status = 'sending', attempts = attempts + 1, claim_id = gen_random_uuid(),
         claimed_at = now() - make_interval(secs => $3)
       where tenant_id = $1 and id = any($2::uuid[])`,
      [tx.tenantId, messageIds, ageSeconds],
    ),
  );
}
