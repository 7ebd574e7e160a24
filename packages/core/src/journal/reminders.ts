import { createCallContext, type TxContext } from '../kernel/context.js';
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
 * the work is still planned and due at that time. The reminder follows corrections: when the entry
 * was amended without moving its due time (new notes, or handed to an heir), it fires for the
 * current version (and so for its assignee); completed, cancelled, voided or rescheduled work is
 * not reminded by the old job.
 */
export const reminderJob: JobDefinition<ReminderJob> = {
  retry: { limit: 5, delaySeconds: 10, backoff: true },
  async handle({ data, ctx, container }) {
    const db = container.resolve(DATABASE);
    const hooks = container.resolve<Readonly<CrmHooks>>(HOOKS);
    await db.transaction(createCallContext({ tenantId: ctx.tenantId, actor: SYSTEM }), async (tx) => {
      const [current] = await tx.sql<{ id: string }>(
        `with recursive chain as (
           select id, superseded_by from core_journal_entry where tenant_id = $1 and id = $2
           union all
           select e.id, e.superseded_by from core_journal_entry e join chain c on e.tenant_id = $1 and e.id = c.superseded_by
         )
         select id from chain where superseded_by is null`,
        [tx.tenantId, data.entryId],
      );
      const [entry] = current ? await readEntries(tx, [current.id]) : [];
      if (
        entry?.status !== 'planned' ||
        entry.corrects?.kind === 'void' ||
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
    const [entry] = await db.transaction(createCallContext({ tenantId: ctx.tenantId, actor: SYSTEM }), (tx) =>
      readEntries(tx, [data.entryId]),
    );
    if (entry) await hooks.activityCommitted.promise(entry, ctx);
  },
};
