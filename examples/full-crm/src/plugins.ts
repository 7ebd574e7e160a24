import { visitNotesPlugin } from '@rapport/example-custom-plugin';
import { messagingPlugin } from '@rapport/messaging';
import { emailPlugin } from '@rapport/messaging-email';
import { pipelinePlugin } from '@rapport/pipeline';

/**
 * The plugins this CRM is assembled from (core is always installed first, by `createCrm`): the
 * example visit-notes plugin, the sales pipeline, messaging, and email through the local SMTP server the demo
 * starts.
 */
export function demoPlugins(smtp: { port: number }) {
  return [
    visitNotesPlugin.configure({ defaultTopics: ['General', 'Complaint', 'Order', 'Demo'] }),
    pipelinePlugin,
    messagingPlugin,
    emailPlugin.configure({
      from: '"Acme Wholesale" <news@acme-wholesale.example>',
      smtp: { host: '127.0.0.1', port: smtp.port, ignoreTLS: true },
      unsubscribeUrl: 'https://crm.acme-wholesale.example/unsubscribe?token={token}',
      defaultLocale: 'en',
      rate: 50,
      retry: { attempts: 3, delaySeconds: 1 },
    }),
  ] as const;
}
