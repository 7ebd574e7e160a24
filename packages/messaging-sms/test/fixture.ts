import type { CallContext, Crm } from '@rapport/core';
import { messagingPlugin } from '@rapport/messaging';
import { createTestCrm, drainJobs } from '@rapport/testing';
import { expect } from 'vitest';
import { type SmsOptionsInput, smsPlugin } from '../src/index.js';

/** A CRM with messaging and the SMS channel. */
export type SmsCrm = Crm<readonly [typeof messagingPlugin, typeof smsPlugin]>;

/** The Twilio account of the tests. */
export const TWILIO = { accountSid: 'AC00000000000000000000000000000001', authToken: 'twilio-auth-token' };
/** The Vonage account of the tests. */
export const VONAGE = {
  apiKey: 'abcd1234',
  apiSecret: 'vonage-api-secret',
  signatureSecret: 'vonage-signature-secret',
};
/** Our public status webhook in the tests. */
export const STATUS_URL = 'https://crm.test/webhooks/sms/status';

/** A migrated CRM with the SMS plugin, a tenant, a system context and an `shipped` template. */
export async function smsEnv(
  options: Omit<SmsOptionsInput, 'senders'> & Partial<Pick<SmsOptionsInput, 'senders'>>,
) {
  const test = await createTestCrm({
    plugins: [
      messagingPlugin,
      smsPlugin.configure({
        senders: { default: '+15005550006', byCountry: { DE: 'AcmeShop' } },
        statusCallbackUrl: STATUS_URL,
        retry: { attempts: 3, delaySeconds: 0 },
        ...options,
      }),
    ],
  });
  const crm = test.crm as unknown as SmsCrm;
  const tenant = await crm.services.tenants.create({ name: 'Acme' });
  const ctx = crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'test' } });
  crm.services.templates.register({
    kind: 'sms',
    name: 'shipped',
    locale: 'en',
    parts: { text: 'Hi {{party.givenName}}, order {{order}} has shipped. 5€ off next time [code SMS5]' },
  });
  crm.services.templates.register({
    kind: 'sms',
    name: 'essay',
    locale: 'en',
    parts: { text: '{{body}}' },
  });
  return { crm, ctx, tenantId: tenant.id, close: () => test.close() };
}

/** A person with a phone (as typed) and, unless `consent: null`, an `sms` consent. */
export async function addTexter(
  crm: SmsCrm,
  ctx: CallContext,
  input: {
    givenName: string;
    phone: string;
    consent?: 'opted_in' | 'opted_out' | null;
    tags?: string[];
    locale?: string;
  },
) {
  const consent = input.consent === undefined ? 'opted_in' : input.consent;
  const { party } = await crm.services.parties.create(ctx, {
    kind: 'person',
    givenName: input.givenName,
    familyName: 'Test',
    ...(input.tags ? { tags: input.tags } : {}),
    ...(input.locale ? { locale: input.locale } : {}),
    contactPoints: [{ kind: 'phone', value: input.phone }],
    consents: consent ? [{ channel: 'sms', status: consent }] : [],
  });
  return party;
}

/** Runs queued jobs and returns the message, which must have one of the statuses. */
export async function settled(crm: SmsCrm, ctx: CallContext, messageId: string, statuses: string[]) {
  await drainJobs(crm, { delayed: true });
  const message = await crm.services.messaging.get(ctx, messageId);
  expect(statuses).toContain(message.status);
  return message;
}

/** The current journal entry of a message. */
export async function journalOf(crm: SmsCrm, ctx: CallContext, messageId: string) {
  const message = await crm.services.messaging.get(ctx, messageId);
  expect(message.journalEntryId).toBeTruthy();
  return crm.services.journal.get(ctx, message.journalEntryId!);
}
