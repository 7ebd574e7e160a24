import type { InjectionToken } from '@rapport/core/plugin';
import type { VisitNoteService } from './services/visit-note-service.js';

/** Token of the {@link VisitNoteService}; inject it into your own services. */
export const VISIT_NOTES: InjectionToken<VisitNoteService> = Symbol('visit-notes.service');
