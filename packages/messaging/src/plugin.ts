import { definePlugin } from '@rapport/core/plugin';
import { ChannelRegistry } from './channel-registry.js';
import './contributions.js';
import { messagingEntities } from './entities/index.js';
import './job-map.js';
import { messagingHooks } from './hooks.js';
import { deliverJob, dispatchJob } from './jobs.js';
import { LEGACY_JOBS } from './legacy-jobs.js';
import { notifyJob } from './message-events.js';
import { MessagingService } from './messaging-service.js';
import { messagingMigration } from './migrations/0001-messaging.js';
import { messageResendMigration } from './migrations/0002-message-resend.js';
import { messageAttachmentsMigration } from './migrations/0003-message-attachments.js';
import { deferredJournalLinkMigration } from './migrations/0004-deferred-journal-link.js';
import { MESSAGING_OPTIONS, MessagingOptionsSchema } from './options.js';
import { MESSAGING_PARTICIPATION } from './participation.js';
import { sweepStaleJob } from './sweep-job.js';
import { tapMessaging } from './taps/erasure.js';
import { CHANNEL_REGISTRY, MESSAGING_SERVICE } from './tokens.js';
import { MESSAGING_VERSION } from './version.js';

/**
 * Messaging: the channels the installed plugins declare (`channels`), single sends and direct mail
 * (mailings) with consent checks, unsubscribe links, retries and one journal entry per message.
 * Install it with at least one channel plugin.
 *
 * @example
 * const crm = await createCrm({ database, plugins: [messagingPlugin, emailPlugin.configure({ ... })] });
 * await crm.services.messaging.send(ctx, { channel: 'email', partyId, template: 'welcome', data: {} });
 */
export const messagingPlugin = definePlugin({
  name: '@rapport/messaging',
  version: MESSAGING_VERSION,
  description: 'Message channels, single sends and direct mail, with consent, unsubscribe and the journal',
  dependencies: { '@rapport/core': '^0.1.0' },
  options: MessagingOptionsSchema,
  optionsToken: MESSAGING_OPTIONS,
  entities: messagingEntities,
  migrations: [
    messagingMigration,
    messageResendMigration,
    messageAttachmentsMigration,
    deferredJournalLinkMigration,
  ],
  hooks: messagingHooks,
  participation: MESSAGING_PARTICIPATION,
  jobs: {
    'messaging.deliver': deliverJob,
    'messaging.dispatch': dispatchJob,
    'messaging.notify': notifyJob,
    'messaging.sweep-stale': sweepStaleJob,
    ...LEGACY_JOBS,
  },
  services: {
    channels: { token: CHANNEL_REGISTRY, useClass: ChannelRegistry },
    messaging: { token: MESSAGING_SERVICE, useClass: MessagingService },
  },
  setup(api) {
    api.container.resolve(CHANNEL_REGISTRY).install(api, api.plugins);
    tapMessaging(api);
  },
  async teardown(api) {
    await api.container.resolve(CHANNEL_REGISTRY).closeAll();
  },
});
