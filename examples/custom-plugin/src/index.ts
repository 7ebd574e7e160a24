export { visitNotesEntities } from './entities/index.js';
export { VisitNoteEntity } from './entities/visit-note.js';
export { VisitTopicEntity } from './entities/visit-topic.js';
export type { VisitNoteInput, VisitNoteRecord } from './hooks.js';
export { VISIT_NOTES_OPTIONS, type VisitNotesOptions, VisitNotesOptionsSchema } from './options.js';
export { VISIT_NOTE_PARTICIPATION } from './participation.js';
export { visitNotesPlugin } from './plugin.js';
export { VisitNoteService } from './services/visit-note-service.js';
export { VISIT_NOTES } from './tokens.js';
