import { definePlugin, type InjectionToken, z } from '@rapport/core/plugin';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import type { MessageChannel, OutgoingMessage } from '../src/index.js';
import { messagingPlugin } from '../src/index.js';

/** What the test channel's transport received, and whether it was closed. */
export interface Outbox {
  sent: OutgoingMessage[];
  closed: number;
}

const NoteOptionsSchema = z.object({ defaultLocale: z.string().default('en') });
/** Token of the note plugin's options. */
export const NOTE_OPTIONS: InjectionToken<z.output<typeof NoteOptionsSchema>> = Symbol('test.note.options');

/**
 * A channel for messaging's own tests: it addresses email contact points under the consent channel
 * `note` and records what it delivers in `outbox` (no network).
 */
export function noteChannel(outbox: Outbox, defaultLocale = 'en', activityType = 'email'): MessageChannel {
  return {
    name: 'note',
    contactKind: 'email',
    consentChannel: 'note',
    consentPolicy: 'opt-out',
    activityType,
    parts: { subject: { required: true }, text: {} },
    defaultLocale,
    transport: {
      deliver: async (message) => {
        outbox.sent.push(message);
        return { status: 'sent', providerId: `note-${outbox.sent.length}` };
      },
      close: async () => {
        outbox.closed++;
      },
    },
    rate: 1000,
    batchSize: 50,
    concurrency: 2,
    retry: { attempts: 2, delaySeconds: 0 },
    claimTimeoutSeconds: 60,
    unsubscribeUrl: (token) => `https://crm.test/u?token=${token}`,
    journalData: ({ message, status, template, reason }) => ({
      subject: message.parts.subject,
      messageId: message.id,
      status,
      to: message.to,
      template,
      ...(message.mailingId ? { mailingId: message.mailingId } : {}),
      ...(reason ? { reason } : {}),
    }),
  };
}

/** A plugin declaring the note channel through a factory that reads the plugin's options. */
export function notePlugin(outbox: Outbox) {
  return definePlugin({
    name: 'test-note-channel',
    version: '1.0.0',
    dependencies: { '@rapport/core': '^0.1.0', '@rapport/messaging': '^0.1.0' },
    options: NoteOptionsSchema,
    optionsToken: NOTE_OPTIONS,
    channels: [({ container }) => noteChannel(outbox, container.resolve(NOTE_OPTIONS).defaultLocale)],
  });
}

/** A migrated CRM with messaging and the note channel, and a tenant with a system actor. */
export async function messagingTestCrm(outbox: Outbox, options: { defaultLocale?: string } = {}) {
  const env: TestCrm<[typeof messagingPlugin, ReturnType<typeof notePlugin>]> = await createTestCrm({
    plugins: [messagingPlugin, notePlugin(outbox).configure(options)] as const,
  });
  const tenant = await env.crm.services.tenants.create({ name: 'Acme' });
  const ctx = env.crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'test' } });
  return { ...env, ctx };
}
