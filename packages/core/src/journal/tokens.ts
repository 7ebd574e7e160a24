import type { InjectionToken } from 'tsyringe';
import type { ActivityTypeRegistry } from './activity-registry.js';
import type { AgendaService } from './agenda-service.js';
import type { JournalService } from './journal-service.js';
import type { TimelineService } from './timeline-service.js';

/** Token of the {@link ActivityTypeRegistry}. */
export const ACTIVITY_TYPES: InjectionToken<ActivityTypeRegistry> = Symbol('rapport.core.activityTypes');
/** Token of the {@link JournalService}. */
export const JOURNAL_SERVICE: InjectionToken<JournalService> = Symbol('rapport.core.journal');
/** Token of the {@link AgendaService}. */
export const AGENDA_SERVICE: InjectionToken<AgendaService> = Symbol('rapport.core.agenda');
/** Token of the {@link TimelineService}. */
export const TIMELINE_SERVICE: InjectionToken<TimelineService> = Symbol('rapport.core.timeline');
