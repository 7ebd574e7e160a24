import { CHANNEL_REGISTRY, definePlugin } from '@rapport/core/plugin';
import { createEmailChannel } from './email-channel.js';
import { EMAIL_TRANSPORT, type EmailTransport } from './email-transport.js';
import { EMAIL_OPTIONS, EmailOptionsSchema } from './options.js';
import { SmtpTransport } from './smtp-transport.js';
import { EMAIL_VERSION } from './version.js';

/**
 * The email channel: templated email through SMTP (or any `EmailTransport`), with core's consent
 * checks, queue, retries, direct mail, unsubscribe links and journal.
 *
 * @example
 * const crm = await createCrm({ database, plugins: [emailPlugin.configure({
 *   from: '"Acme" <news@acme.example>', smtp: { host: 'smtp.acme.example', auth: { user, pass } },
 *   unsubscribeUrl: 'https://acme.example/unsubscribe?token={token}',
 * })] });
 * await crm.services.messaging.send(ctx, { channel: 'email', partyId, template: 'welcome', data: {} });
 */
export const emailPlugin = definePlugin({
  name: '@rapport/messaging-email',
  version: EMAIL_VERSION,
  description: 'The email channel: SMTP transport, templated email, direct mail, unsubscribe and bounces',
  dependencies: { '@rapport/core': '^0.1.0' },
  options: EmailOptionsSchema,
  optionsToken: EMAIL_OPTIONS,
  setup(api) {
    const transport: EmailTransport = api.options.transport ?? new SmtpTransport(api.options.smtp);
    api.container.registerInstance(EMAIL_TRANSPORT, transport);
    api.container.resolve(CHANNEL_REGISTRY).register(api.name, createEmailChannel(api.options, transport));
  },
  async teardown(api) {
    await api.container.resolve(EMAIL_TRANSPORT).close?.();
  },
});
