import { journalModule } from '../journal/module.js';
import { definePlugin } from '../kernel/plugin.js';
import { messagingMigration } from '../migrations/0005-messaging.js';
import { partiesModule } from '../parties/module.js';
import { CORE_VERSION } from '../version.js';
import { ChannelRegistry } from './channel-registry.js';
import { tapMessaging } from './core-taps.js';
import './job-map.js';
import { deliverJob, dispatchJob } from './jobs.js';
import { MessagingService } from './messaging-service.js';
import { MESSAGING_PARTICIPATION } from './participation.js';
import { TemplateService } from './template-service.js';
import { CHANNEL_REGISTRY, MESSAGING_SERVICE, TEMPLATE_SERVICE } from './tokens.js';

/** Core's messaging module: channels, templates, single sends and direct mail (leaves core later). */
export const messagingModule = definePlugin({
  name: '@rapport/core/messaging',
  version: CORE_VERSION,
  description: 'Message channels, templates, single sends and direct mail, with consent and the journal',
  dependencies: [partiesModule, journalModule],
  migrationLedger: '@rapport/core',
  migrations: [messagingMigration],
  participation: MESSAGING_PARTICIPATION,
  jobs: {
    'core.messaging.deliver': deliverJob,
    'core.messaging.dispatch': dispatchJob,
  },
  services: {
    channels: { token: CHANNEL_REGISTRY, useClass: ChannelRegistry },
    templates: { token: TEMPLATE_SERVICE, useClass: TemplateService },
    messaging: { token: MESSAGING_SERVICE, useClass: MessagingService },
  },
  setup(api) {
    tapMessaging(api);
  },
});
