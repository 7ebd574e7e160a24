import { inject, injectable } from 'tsyringe';
import { z } from 'zod';
import type { CallContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';
import { RapportError } from '../kernel/errors.js';
import { DATABASE } from '../kernel/tokens.js';
import { parse, requireIds } from '../kernel/validation.js';
import { visibilityOf } from '../organisation/access.js';
import { ENTRY_COLUMNS, type EntryRow, type JournalEntry, toEntry } from './entry.js';
import type { JournalService } from './journal-service.js';
import { JOURNAL_SERVICE } from './tokens.js';
import { entryVisibilitySql } from './visibility.js';

const Complete = z.object({
  outcome: z.string().trim().min(1).max(500),
  notes: z.string().max(20_000).optional(),
  occurredAt: z.coerce.date().optional(),
  durationSeconds: z.int().min(0).optional(),
});
const Window = z.object({
  assigneeId: z.uuid().optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  limit: z.int().min(1).max(1000).default(100),
});

/**
 * Planned work (tasks, appointments, planned calls and visits): completing, cancelling and
 * rescheduling are corrections of the planned entry, so the plan and what happened both stay.
 */
@injectable()
export class AgendaService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(JOURNAL_SERVICE) private readonly journal: JournalService,
  ) {}

  /** Marks planned work done with its outcome. */
  async complete(ctx: CallContext, entryId: string, input: z.input<typeof Complete>): Promise<JournalEntry> {
    requireIds('planned work', { entryId });
    const done = parse(Complete, input, 'completion');
    await this.requirePlanned(ctx, entryId);
    return this.journal.amend(ctx, entryId, {
      status: 'done',
      outcome: done.outcome,
      occurredAt: done.occurredAt ?? new Date(),
      ...(done.notes !== undefined ? { notes: done.notes } : {}),
      ...(done.durationSeconds !== undefined ? { durationSeconds: done.durationSeconds } : {}),
      reason: `completed: ${done.outcome}`,
    });
  }

  /** Cancels planned work, with the reason. */
  async cancel(ctx: CallContext, entryId: string, reason: string): Promise<JournalEntry> {
    requireIds('planned work', { entryId });
    await this.requirePlanned(ctx, entryId);
    return this.journal.amend(ctx, entryId, { status: 'cancelled', reason });
  }

  /** Moves planned work to another time (and reminds again when asked). */
  async reschedule(
    ctx: CallContext,
    entryId: string,
    dueAt: Date,
    options: { reason?: string; remindMinutesBefore?: number } = {},
  ): Promise<JournalEntry> {
    requireIds('planned work', { entryId });
    await this.requirePlanned(ctx, entryId);
    return this.journal.amend(ctx, entryId, {
      dueAt,
      reason: options.reason ?? 'rescheduled',
      ...(options.remindMinutesBefore !== undefined
        ? { remindMinutesBefore: options.remindMinutesBefore }
        : {}),
    });
  }

  /** Planned work due in a window, soonest first (default: the acting employee's). */
  async agenda(ctx: CallContext, window: z.input<typeof Window> = {}): Promise<JournalEntry[]> {
    const w = parse(Window, window, 'agenda window');
    return this.planned(ctx, w.assigneeId, w.from ?? null, w.to ?? null, w.limit);
  }

  /** Planned work past its due time. */
  async overdue(
    ctx: CallContext,
    options: { assigneeId?: string; now?: Date; limit?: number } = {},
  ): Promise<JournalEntry[]> {
    return this.planned(ctx, options.assigneeId, null, options.now ?? new Date(), options.limit ?? 100);
  }

  /** Planned work due within the next `minutes`. */
  async dueSoon(
    ctx: CallContext,
    minutes: number,
    options: { assigneeId?: string; now?: Date; limit?: number } = {},
  ): Promise<JournalEntry[]> {
    const now = options.now ?? new Date();
    return this.planned(
      ctx,
      options.assigneeId,
      now,
      new Date(now.getTime() + minutes * 60_000),
      options.limit ?? 100,
    );
  }

  private async planned(
    ctx: CallContext,
    assigneeId: string | undefined,
    from: Date | null,
    to: Date | null,
    limit: number,
  ) {
    return this.db.transaction(ctx, async (tx) => {
      const visibility = await visibilityOf(tx);
      const assignee = assigneeId ?? visibility.employeeId;
      if (!assignee)
        throw new RapportError('INVALID_DATA', 'Give the assignee whose agenda to read', {
          details: { issues: [{ path: 'assigneeId' }] },
        });
      const params: unknown[] = [tx.tenantId, assignee, from, to, limit];
      const visible = entryVisibilitySql(visibility, params);
      // The partial index (tenant, assignee, due) where planned and current serves this range scan.
      const rows = await tx.sql<EntryRow>(
        `select ${ENTRY_COLUMNS} from core_journal_entry e
         where e.tenant_id = $1 and e.assignee_id = $2 and e.status = 'planned' and e.superseded_by is null
           and e.correction is distinct from 'void' and ($3::timestamptz is null or e.due_at >= $3) and ($4::timestamptz is null or e.due_at < $4) and ${visible}
         order by e.due_at, e.id limit $5`,
        params,
      );
      return rows.map(toEntry);
    });
  }

  private async requirePlanned(ctx: CallContext, entryId: string): Promise<JournalEntry> {
    const entry = await this.journal.get(ctx, entryId);
    if (entry.status !== 'planned' || entry.supersededBy || entry.corrects?.kind === 'void') {
      throw new RapportError(
        'CONFLICT',
        `Entry ${entryId} is not current planned work (status ${entry.status ?? 'none'})`,
        {
          details: { entryId, status: entry.status, supersededBy: entry.supersededBy },
        },
      );
    }
    return entry;
  }
}
