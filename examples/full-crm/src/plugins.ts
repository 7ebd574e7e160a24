import { analyticsPlugin } from '@rapport/analytics';
import { visitNotesPlugin } from '@rapport/example-custom-plugin';
import { messagingPlugin } from '@rapport/messaging';
import { emailPlugin } from '@rapport/messaging-email';
import { smsPlugin } from '@rapport/messaging-sms';
import { pipelinePlugin } from '@rapport/pipeline';

/** The demo's Twilio account (its local server checks these credentials like Twilio does). */
export const DEMO_TWILIO = { accountSid: 'AC00000000000000000000000000de0001', authToken: 'demo-auth-token' };
/** Where delivery reports would reach the CRM (the demo signs and hands them to the handler itself). */
export const SMS_STATUS_URL = 'https://crm.acme-wholesale.example/webhooks/sms/twilio/status';

/**
 * The plugins this CRM is assembled from (core is always installed first, by `createCrm`): the
 * example visit-notes plugin, the sales pipeline, messaging, email through the local SMTP server the demo
 * starts, and SMS through the local server it starts that speaks Twilio's REST API.
 */
export function demoPlugins(smtp: { port: number }, sms: { url: string }) {
  return [
    visitNotesPlugin.configure({ defaultTopics: ['General', 'Complaint', 'Order', 'Demo'] }),
    pipelinePlugin,
    analyticsPlugin,
    messagingPlugin,
    emailPlugin.configure({
      from: '"Acme Wholesale" <news@acme-wholesale.example>',
      smtp: { host: '127.0.0.1', port: smtp.port, ignoreTLS: true },
      unsubscribeUrl: 'https://crm.acme-wholesale.example/unsubscribe?token={token}',
      defaultLocale: 'en',
      rate: 50,
      retry: { attempts: 3, delaySeconds: 1 },
    }),
    smsPlugin.configure({
      provider: { provider: 'twilio', ...DEMO_TWILIO, baseUrl: sms.url },
      senders: { default: '+15005550006', byCountry: { DE: 'AcmeWhole' } },
      statusCallbackUrl: SMS_STATUS_URL,
      unsubscribeUrl: 'https://crm.acme-wholesale.example/u?t={token}',
      rate: 50,
      retry: { attempts: 3, delaySeconds: 1 },
    }),
  ] as const;
}
