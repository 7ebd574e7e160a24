import { type AnyPlugin, type CallContext, type Crm, createCrm, type Party } from '@rapport/core';
import { messagingPlugin } from '@rapport/messaging';
import { createTestDatabase, drainJobs, type TestDatabase } from '@rapport/testing';
import { expect } from 'vitest';
import { type EmailOptionsInput, emailPlugin } from '../src/index.js';
import type { TestSmtpServer } from '../src/testing/index.js';

/** The CRM the tests build: core, messaging and the email plugin. */
export type EmailCrm = Crm<readonly [typeof messagingPlugin, typeof emailPlugin]>;

/** Where unsubscribe links point in the tests. */
export const UNSUBSCRIBE_URL = 'https://crm.test/unsubscribe?token={token}';

/** Email options pointing at a test SMTP server, with quick retries. */
export function emailOptions(
  server: { port: number },
  overrides: Partial<EmailOptionsInput> = {},
): EmailOptionsInput {
  return {
    from: '"Acme Shop" <news@acme.test>',
    unsubscribeUrl: UNSUBSCRIBE_URL,
    ...overrides,
    smtp: {
      host: '127.0.0.1',
      port: server.port,
      ignoreTLS: true,
      maxConnections: 2,
      // Generous: on a loaded CI machine a local greeting can take seconds, and a timeout here is a
      // transient failure that burns the test's retries (no test relies on these timeouts firing).
      connectionTimeoutMs: 15_000,
      greetingTimeoutMs: 15_000,
      socketTimeoutMs: 30_000,
      ...overrides.smtp,
    },
    retry: { attempts: 3, delaySeconds: 0, ...overrides.retry },
  };
}

/** Builds a CRM with the email plugin on an existing database (no migration). */
export async function buildCrm(
  database: TestDatabase,
  server: { port: number },
  overrides: Partial<EmailOptionsInput> = {},
  jobs: { workers?: boolean } = {},
  extra: readonly AnyPlugin[] = [],
): Promise<EmailCrm> {
  return (await createCrm({
    database: { url: database.url },
    plugins: [messagingPlugin, emailPlugin.configure(emailOptions(server, overrides)), ...extra],
    jobs: { pollingIntervalSeconds: 0.5, ...jobs },
  })) as unknown as EmailCrm;
}

/** A fresh database migrated for the email plugin (a copy of the run's template). */
export function emailDatabase(server: { port: number }): Promise<TestDatabase> {
  return createTestDatabase({
    migrated: { plugins: [messagingPlugin, emailPlugin.configure(emailOptions(server))] },
  });
}

/**
 * A migrated CRM with the email plugin on a fresh database, and a tenant with a system actor. No
 * job workers: tests run the queued jobs with {@link settledMessage} and {@link settledMailing}.
 */
export async function emailEnv(
  server: TestSmtpServer,
  overrides: Partial<EmailOptionsInput> = {},
): Promise<{ crm: EmailCrm; database: TestDatabase; ctx: CallContext; close(): Promise<void> }> {
  const database = await emailDatabase(server);
  const crm = await buildCrm(database, server, overrides, { workers: false });
  const tenant = await crm.services.tenants.create({ name: 'Acme' });
  const ctx = crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'test' } });
  return {
    crm,
    database,
    ctx,
    async close() {
      await crm.close();
      await database.drop();
    },
  };
}

/** What a test customer has. */
export interface CustomerInput {
  givenName: string;
  familyName?: string;
  email?: string;
  /** Email consent; `null` for none recorded (default `opted_in`). */
  consent?: 'opted_in' | 'opted_out' | null;
  locale?: string;
  tags?: string[];
  ownerId?: string;
}

/** Creates a person, by default with an email address and consent to email. */
export async function addCustomer(crm: Crm, ctx: CallContext, input: CustomerInput): Promise<Party> {
  const consent = input.consent === undefined ? 'opted_in' : input.consent;
  const { party } = await crm.services.parties.create(ctx, {
    kind: 'person',
    givenName: input.givenName,
    familyName: input.familyName ?? 'Test',
    ...(input.locale ? { locale: input.locale } : {}),
    ...(input.tags ? { tags: input.tags } : {}),
    ...(input.ownerId ? { ownerId: input.ownerId } : {}),
    contactPoints: input.email === undefined ? [] : [{ kind: 'email', value: input.email }],
    consents: consent ? [{ channel: 'email', status: consent }] : [],
  });
  return party;
}

/**
 * Runs every queued job (retries and paced hand-overs too, at once) and returns the message, which
 * must then have one of the statuses.
 */
export async function settledMessage(crm: EmailCrm, ctx: CallContext, messageId: string, statuses: string[]) {
  await drainJobs(crm, { delayed: true });
  const message = await crm.services.messaging.get(ctx, messageId);
  expect(statuses).toContain(message.status);
  return message;
}

/** Runs every queued job (paced hand-overs too) and returns the mailing's progress, which must be done. */
export async function settledMailing(crm: EmailCrm, ctx: CallContext, mailingId: string) {
  await drainJobs(crm, { delayed: true });
  const progress = await crm.services.messaging.progress(ctx, mailingId);
  expect(progress.done).toBe(true);
  return progress;
}

/** Waits until the message has one of the statuses: for CRMs whose workers run the jobs (every half second). */
export async function waitForStatus(crm: EmailCrm, ctx: CallContext, messageId: string, statuses: string[]) {
  await expect
    .poll(async () => (await crm.services.messaging.get(ctx, messageId)).status, {
      timeout: 20_000,
      interval: 100,
    })
    .toSatisfy((status: string) => statuses.includes(status));
  return crm.services.messaging.get(ctx, messageId);
}

/** Waits until nothing of the mailing is queued or being sent, for CRMs whose workers run the jobs. */
export async function waitForMailing(crm: EmailCrm, ctx: CallContext, mailingId: string, timeout = 30_000) {
  await expect
    .poll(async () => (await crm.services.messaging.progress(ctx, mailingId)).done, {
      timeout,
      interval: 200,
    })
    .toBe(true);
  return crm.services.messaging.progress(ctx, mailingId);
}

/** The journal entries recorded for a message (by its external id), every version included. */
export async function journalRowsOf(crm: Crm, ctx: CallContext, messageId: string) {
  return crm.transaction(ctx, (tx) =>
    tx.sql<{
      id: string;
      data: Record<string, unknown>;
      superseded_by: string | null;
      corrects_id: string | null;
    }>(
      `select id, data, superseded_by, corrects_id from core_journal_entry
       where tenant_id = $1 and (external_id = $2 or subject_id = $3) order by id`,
      [ctx.tenantId, `message:${messageId}`, messageId],
    ),
  );
}
