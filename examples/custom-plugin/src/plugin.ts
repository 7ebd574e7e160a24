import { definePlugin, z } from '@rapport/core/plugin';
import { visitNotesEntities } from './entities/index.js';
import { visitNotesHooks } from './hooks.js';
import { visitNotesMigration } from './migrations/0001-visit-notes.js';
import { VISIT_NOTES_OPTIONS, VisitNotesOptionsSchema } from './options.js';
import { VISIT_NOTE_PARTICIPATION } from './participation.js';
import { VisitNoteService } from './services/visit-note-service.js';
import { VISIT_NOTES } from './tokens.js';

/**
 * The visit-notes plugin: agents file notes after visiting a customer, under topics each tenant
 * starts with. Written only against `@rapport/core`'s public API.
 *
 * @example
 * const crm = await createCrm({ database: { url }, plugins: [visitNotesPlugin.configure({ maxBodyLength: 500 })] });
 */
export const visitNotesPlugin = definePlugin({
  name: 'visit-notes',
  version: '1.0.0',
  description: 'Notes agents write after visiting a customer, filed under per-tenant topics',
  dependencies: { '@rapport/core': '^0.1.0' },
  options: VisitNotesOptionsSchema,
  optionsToken: VISIT_NOTES_OPTIONS,
  entities: visitNotesEntities,
  migrations: [visitNotesMigration],
  hooks: visitNotesHooks,
  participation: [VISIT_NOTE_PARTICIPATION],
  jobs: {
    'visit-notes.follow-up': {
      schema: z.object({ noteId: z.uuid() }),
      retry: { limit: 3, delaySeconds: 2 },
      // Runs after the recording transaction committed, for the same tenant and actor.
      async handle(job) {
        await job.container.resolve(VISIT_NOTES).markFollowedUp(job.ctx, job.data.noteId);
      },
    },
  },
  services: { visitNotes: { token: VISIT_NOTES, useClass: VisitNoteService } },
  setup(api) {
    // Seeding in the tenant's own creating transaction: a tenant never exists without its topics.
    api.tap('tenantCreated', async (_tenant, tx) => {
      await api.container.resolve(VISIT_NOTES).seedDefaultTopics(tx);
    });
  },
});
