import type { HooksOf, TxContext } from '@rapport/core/plugin';
import { defineHooks, series, waterfall } from '@rapport/core/plugin';

/** What a caller passes to `visitNotes.record`. */
export interface VisitNoteInput {
  /** The party visited: it must exist and the actor must be allowed to see it. */
  customerId: string;
  /** One of the tenant's topics. */
  topic: string;
  body: string;
  /** Ask for a follow-up after the visit (runs as a durable job after commit). */
  followUp?: boolean;
}

/** A recorded visit note, as services return it and hooks receive it. */
export interface VisitNoteRecord {
  id: string;
  tenantId: string;
  customerId: string;
  /** The employee who wrote it (null when a system process recorded it). */
  authorId: string | null;
  topic: string;
  body: string;
  followUp: boolean;
  followedUpAt: Date | null;
  createdAt: Date;
}

/** The hooks this plugin offers, declared once: the factories every CRM builds its own hooks from. */
export const visitNotesHooks = defineHooks({
  /** Before a visit note is written (inside the transaction): transform the input, or throw to veto. */
  beforeVisitNoteRecord: waterfall<[VisitNoteInput, TxContext]>('input', 'tx'),
  /** A visit note was written (inside the transaction): act on it; throwing rolls it back. */
  visitNoteRecorded: series<[VisitNoteRecord, TxContext]>('note', 'tx'),
});

// Declaration merging: the hooks' types join `CrmHooks` (plugins that list this one in their
// `dependencies` by value see them even without it), and the job's payload joins `JobMap`.
declare module '@rapport/core/plugin' {
  interface CrmHooks extends HooksOf<typeof visitNotesHooks> {}
  interface JobMap {
    /** Follow up on a visit after the command that recorded it committed. */
    'visit-notes.follow-up': { noteId: string };
  }
}
