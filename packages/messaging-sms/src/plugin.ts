import { definePlugin } from '@rapport/core/plugin';
import type { ChannelDeclaration } from './messaging-api.js';
import { SMS_OPTIONS, type SmsOptions, SmsOptionsSchema } from './options.js';
import { SMS_TRANSPORT, type SmsTransport } from './providers/sms-transport.js';
import { TwilioTransport } from './providers/twilio-transport.js';
import { VonageTransport } from './providers/vonage-transport.js';
import { SmsService } from './service/sms-service.js';
import { createSmsChannel } from './sms-channel.js';
import { SMS_SERVICE } from './tokens.js';
import { SMS_VERSION } from './version.js';

/** The transport the options select. */
export function transportFor(provider: SmsOptions['provider']): SmsTransport {
  switch (provider.provider) {
    case 'twilio':
      return new TwilioTransport(provider);
    case 'vonage':
      return new VonageTransport(provider);
    case 'custom':
      return provider.transport;
  }
}

/** Builds the SMS channel from the plugin's options, with the transport they select. */
const smsChannel: ChannelDeclaration = ({ container }) => {
  const options = container.resolve(SMS_OPTIONS);
  const transport = transportFor(options.provider);
  container.registerInstance(SMS_TRANSPORT, transport);
  return createSmsChannel(options, transport);
};

/**
 * The SMS channel on `@rapport/messaging`: templated SMS through Twilio, Vonage or any `SmsTransport`, with messaging's consent
 * checks, queue, retries and journal; segments and encoding recorded per message.
 *
 * @example
 * const crm = await createCrm({ database, plugins: [messagingPlugin, smsPlugin.configure({
 *   provider: { provider: 'twilio', accountSid, authToken },
 *   senders: { default: '+15005550006', byCountry: { DE: 'AcmeShop' } },
 *   statusCallbackUrl: 'https://crm.acme.example/webhooks/sms/twilio/status',
 * })] });
 * await crm.services.messaging.send(ctx, { channel: 'sms', partyId, template: 'shipped', data: {} });
 */
export const smsPlugin = definePlugin({
  name: '@rapport/messaging-sms',
  version: SMS_VERSION,
  description: 'The SMS channel: Twilio and Vonage transports, segments, delivery reports and STOP keywords',
  dependencies: { '@rapport/core': '^0.1.0', '@rapport/messaging': '^0.1.0' },
  options: SmsOptionsSchema,
  optionsToken: SMS_OPTIONS,
  services: {
    sms: { token: SMS_SERVICE, useClass: SmsService },
  },
  channels: [smsChannel],
});
