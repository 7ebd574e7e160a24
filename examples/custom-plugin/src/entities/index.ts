import type { TableOf } from '@rapport/core/plugin';
import { VisitNoteEntity } from './visit-note.js';
import { VisitTopicEntity } from './visit-topic.js';

/** The plugin's entities, registered through `definePlugin({ entities })`. */
export const visitNotesEntities = [VisitTopicEntity, VisitNoteEntity];

declare module '@rapport/core/plugin' {
  /** The plugin's tables, added to `tx.db` by declaration merging. */
  interface RapportTables {
    VisitNote: TableOf<typeof VisitNoteEntity>;
    VisitTopic: TableOf<typeof VisitTopicEntity>;
  }
}
