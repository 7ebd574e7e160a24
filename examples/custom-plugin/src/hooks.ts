import type { HookFactories, TxContext } from '@rapport/core';
import { AsyncSeriesHook, AsyncSeriesWaterfallHook } from '@rapport/core';

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

// Declaration merging: once this module is imported, every plugin can tap these hooks and enqueue
// this job with full types, through the same `CrmHooks` and `JobMap` that core declares.
declare module '@rapport/core' {
  interface CrmHooks {
    /** Before a visit note is written (inside the transaction): transform the input, or throw to veto. */
    beforeVisitNoteRecord: AsyncSeriesWaterfallHook<[VisitNoteInput, TxContext]>;
    /** A visit note was written (inside the transaction): act on it; throwing rolls it back. */
    visitNoteRecorded: AsyncSeriesHook<[VisitNoteRecord, TxContext]>;
  }
  interface JobMap {
    /** Follow up on a visit after the command that recorded it committed. */
    'visit-notes.follow-up': { noteId: string };
  }
}

/** Factories of the hooks this plugin owns: every CRM instance builds its own. */
export const visitNotesHooks: HookFactories = {
  beforeVisitNoteRecord: () =>
    new AsyncSeriesWaterfallHook<[VisitNoteInput, TxContext]>(['input', 'tx'], 'beforeVisitNoteRecord'),
  visitNoteRecorded: () =>
    new AsyncSeriesHook<[VisitNoteRecord, TxContext]>(['note', 'tx'], 'visitNoteRecorded'),
};
