import type { CallContext, TxContext } from '../kernel/context.js';
import { defineHooks, type HooksOf, parallel, series, waterfall } from '../kernel/define-hooks.js';
import type { JournalEntry, RecordedEntry } from './entry.js';
import type { PendingEntry } from './entry-writer.js';

/** The hooks of core's journal module. */
export const journalHooks = defineHooks({
  /** Before an activity is recorded: transform the validated entry, or throw to veto (inside the transaction). */
  beforeActivityRecord: waterfall<[PendingEntry, TxContext]>('entry', 'tx'),
  /** An activity was recorded (inside the transaction): plugins update their own state, e.g. points for a sale. */
  activityRecorded: series<[RecordedEntry, TxContext]>('entry', 'tx'),
  /**
   * A batch of activities was recorded (inside the transaction), once per `record` / `recordMany`
   * call, after every entry's `activityRecorded`: taps that update their own rows do it in one
   * set-based statement for the whole batch.
   */
  activitiesRecorded: series<[JournalEntry[], TxContext]>('entries', 'tx'),
  /** An activity was recorded and committed (through the durable queue, after commit). */
  activityCommitted: parallel<[JournalEntry, CallContext]>('entry', 'ctx'),
  /** Planned work is due soon: notify the assignee (fires once per entry and due time). */
  activityReminder: series<[JournalEntry, TxContext]>('entry', 'tx'),
});

/** The types of the module's hooks, as merged into `CrmHooks`. */
export type JournalHooks = HooksOf<typeof journalHooks>;

// Declaration merging, as any plugin does: the module's hooks join the CRM's typed hook map.
declare module '../kernel/hooks.js' {
  interface CrmHooks extends HooksOf<typeof journalHooks> {}
}
