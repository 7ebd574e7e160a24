import type { TxContext } from '../kernel/context.js';
import type { CrmHooks } from '../kernel/hooks.js';
import type { JobDefinition } from '../kernel/jobs.js';
import { DATABASE, HOOKS } from '../kernel/tokens.js';
import type { JournalEntry } from './entry.js';
import { readEntries } from './entry-writer.js';

/** Payload of the reminder job. */
export interface ReminderJob {
  entryId: string;
  /** The due time the reminder was scheduled for; a rescheduled entry gets a new reminder. */
  dueAt: string;
}

/** Schedules the reminder of planned work on the durable queue, in the recording transaction. */
export async function scheduleReminder(
  tx: TxContext,
  entry: JournalEntry,
  minutesBefore: number,
): Promise<void> {
  if (entry.status !== 'planned' || !entry.dueAt) return;
  const startAfter = new Date(Math.max(Date.now(), entry.dueAt.getTime() - minutesBefore * 60_000));
  await tx.enqueue(
    'core.journal.reminder',
    { entryId: entry.id, dueAt: entry.dueAt.toISOString() },
    {
      startAfter,
      singletonKey: `${entry.id}:${entry.dueAt.toISOString()}`,
    },
  );
}

const SYSTEM = { kind: 'system', name: 'journal' } as const;

/**
 * The reminder job: fires `activityReminder` once per entry and due time — the firing is recorded
 * in the same transaction as the taps' work, so a retried job never fires twice — and only while
 * the entry is still current, planned and due at that time.
 */
export const reminderJob: JobDefinition<ReminderJob> = {
  retry: { limit: 5, delaySeconds: 10, backoff: true },
  async handle({ data, ctx, container }) {
    const db = container.resolve(DATABASE);
    const hooks = container.resolve<Readonly<CrmHooks>>(HOOKS);
    await db.transaction({ tenantId: ctx.tenantId, actor: SYSTEM }, async (tx) => {
      const [entry] = await readEntries(tx, [data.entryId]);
      if (
        !entry ||
        entry.supersededBy ||
        entry.status !== 'planned' ||
        entry.dueAt?.toISOString() !== data.dueAt
      )
        return;
      const fired = await tx.sql(
        'insert into core_journal_reminder (tenant_id, entry_id, due_at) values ($1, $2, $3) on conflict do nothing returning entry_id',
        [tx.tenantId, entry.id, data.dueAt],
      );
      if (fired.length === 0) return;
      await hooks.activityReminder.promise(entry, tx);
    });
  },
};

/** The after-commit job: runs `activityCommitted` taps once the recording transaction committed. */
export const committedJob: JobDefinition<{ entryId: string }> = {
  retry: { limit: 5, delaySeconds: 5, backoff: true },
  async handle({ data, ctx, container }) {
    const db = container.resolve(DATABASE);
    const hooks = container.resolve<Readonly<CrmHooks>>(HOOKS);
    const [entry] = await db.transaction({ tenantId: ctx.tenantId, actor: SYSTEM }, (tx) =>
      readEntries(tx, [data.entryId]),
    );
    if (entry) await hooks.activityCommitted.promise(entry, ctx);
  },
};
