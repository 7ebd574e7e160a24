import { definePlugin } from '@rapport/core/plugin';
import type { ChannelDeclaration } from '@rapport/messaging';
import { createEmailChannel } from './email-channel.js';
import { EMAIL_TRANSPORT, type EmailTransport } from './email-transport.js';
import { EMAIL_OPTIONS, EmailOptionsSchema } from './options.js';
import { SmtpTransport } from './smtp-transport.js';
import { EMAIL_VERSION } from './version.js';

/** Builds the email channel from the plugin's options, with the transport they name (SMTP by default). */
const emailChannel: ChannelDeclaration = ({ container }) => {
  const options = container.resolve(EMAIL_OPTIONS);
  const transport: EmailTransport = options.transport ?? new SmtpTransport(options.smtp);
  container.registerInstance(EMAIL_TRANSPORT, transport);
  return createEmailChannel(options, transport);
};

/**
 * The email channel on `@rapport/messaging`: templated email through SMTP (or any `EmailTransport`),
 * with messaging's consent checks, queue, retries, direct mail, unsubscribe links and journal.
 * Messaging installs the channel (and closes its transport on `crm.close()`).
 *
 * @example
 * const crm = await createCrm({ database, plugins: [messagingPlugin, emailPlugin.configure({
 *   from: '"Acme" <news@acme.example>', smtp: { host: 'smtp.acme.example', auth: { user, pass } },
 *   unsubscribeUrl: 'https://acme.example/unsubscribe?token={token}',
 * })] });
 * await crm.services.messaging.send(ctx, { channel: 'email', partyId, template: 'welcome', data: {} });
 */
export const emailPlugin = definePlugin({
  name: '@rapport/messaging-email',
  version: EMAIL_VERSION,
  description: 'The email channel: SMTP transport, templated email, direct mail, unsubscribe and bounces',
  dependencies: { '@rapport/core': '^0.1.0', '@rapport/messaging': '^0.1.0' },
  options: EmailOptionsSchema,
  optionsToken: EMAIL_OPTIONS,
  channels: [emailChannel],
});
