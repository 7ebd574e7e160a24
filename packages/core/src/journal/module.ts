import { definePlugin } from '../kernel/plugin.js';
import { journalMigration } from '../migrations/0004-journal.js';
import { journalTypeIndexMigration } from '../migrations/0012-journal-type-index.js';
import { journalPartyEntryCoverMigration } from '../migrations/0014-journal-party-entry-cover.js';
import { partiesModule } from '../parties/module.js';
import { CORE_VERSION } from '../version.js';
import { ActivityTypeRegistry } from './activity-registry.js';
import { AgendaService } from './agenda-service.js';
import { tapJournal } from './core-taps.js';
import { journalHooks } from './hooks.js';
import { JOURNAL_PARTICIPATION } from './participation.js';
import './contributions.js';
import './jobs.js';
import { JournalService } from './journal-service.js';
import { committedJob, reminderJob } from './reminders.js';
import { TimelineService } from './timeline-service.js';
import { ACTIVITY_TYPES, AGENDA_SERVICE, JOURNAL_SERVICE, TIMELINE_SERVICE } from './tokens.js';

/**
 * Core's journal module: typed activity entries, the agenda and timelines. It registers the activity
 * types every installed plugin declares (`activityTypes`), before any plugin that needs them sets up.
 */
export const journalModule = definePlugin({
  name: '@rapport/core/journal',
  version: CORE_VERSION,
  description: 'The activity journal: typed entries, corrections, agenda, timelines, reminders',
  dependencies: [partiesModule],
  migrationLedger: '@rapport/core',
  migrations: [journalMigration, journalTypeIndexMigration, journalPartyEntryCoverMigration],
  hooks: journalHooks,
  participation: JOURNAL_PARTICIPATION,
  jobs: {
    'core.journal.committed': committedJob,
    'core.journal.reminder': reminderJob,
  },
  services: {
    activityTypes: { token: ACTIVITY_TYPES, useClass: ActivityTypeRegistry },
    journal: { token: JOURNAL_SERVICE, useClass: JournalService },
    agenda: { token: AGENDA_SERVICE, useClass: AgendaService },
    timeline: { token: TIMELINE_SERVICE, useClass: TimelineService },
  },
  setup(api) {
    const registry = api.container.resolve(ACTIVITY_TYPES);
    for (const plugin of api.plugins) {
      for (const type of plugin.activityTypes ?? []) registry.register(plugin.name, type);
    }
    tapJournal(api);
  },
});
