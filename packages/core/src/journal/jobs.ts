// Declaration merging, as any plugin does: the journal's job payloads join the kernel's `JobMap`.
declare module '../kernel/context.js' {
  interface JobMap {
    /** Runs `activityCommitted` taps after the recording transaction committed. */
    'core.journal.committed': { entryId: string };
    /** Fires the reminder of planned work. */
    'core.journal.reminder': { entryId: string; dueAt: string };
  }
}

export {};
