import { type CallContext, type Crm, createCrm, type Party } from '@rapport/core';
import { createTestDatabase, type TestDatabase } from '@rapport/testing';
import { expect } from 'vitest';
import { type EmailOptionsInput, emailPlugin } from '../src/index.js';
import type { TestSmtpServer } from './smtp-server.js';

/** The CRM the tests build: core and the email plugin. */
export type EmailCrm = Crm<readonly [typeof emailPlugin]>;

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
      connectionTimeoutMs: 2000,
      greetingTimeoutMs: 2000,
      socketTimeoutMs: 5000,
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
): Promise<EmailCrm> {
  return createCrm({
    database: { url: database.url },
    plugins: [emailPlugin.configure(emailOptions(server, overrides))] as const,
    jobs: { pollingIntervalSeconds: 0.5, ...jobs },
  });
}

/** A migrated CRM with the email plugin on a fresh database, and a tenant with a system actor. */
export async function emailEnv(
  server: TestSmtpServer,
  overrides: Partial<EmailOptionsInput> = {},
): Promise<{ crm: EmailCrm; database: TestDatabase; ctx: CallContext; close(): Promise<void> }> {
  const database = await createTestDatabase();
  const crm = await buildCrm(database, server, overrides);
  await crm.migrate();
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

/** Waits until the message has one of the statuses (the workers poll every half second). */
export async function waitForStatus(crm: Crm, ctx: CallContext, messageId: string, statuses: string[]) {
  await expect
    .poll(async () => (await crm.services.messaging.get(ctx, messageId)).status, {
      timeout: 20_000,
      interval: 100,
    })
    .toSatisfy((status: string) => statuses.includes(status));
  return crm.services.messaging.get(ctx, messageId);
}

/** Waits until nothing of the campaign is queued or being sent. */
export async function waitForCampaign(crm: Crm, ctx: CallContext, campaignId: string, timeout = 30_000) {
  await expect
    .poll(async () => (await crm.services.messaging.progress(ctx, campaignId)).done, {
      timeout,
      interval: 200,
    })
    .toBe(true);
  return crm.services.messaging.progress(ctx, campaignId);
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
