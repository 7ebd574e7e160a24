import { inject, injectable } from 'tsyringe';
import { z } from 'zod';
import type { CallContext, TxContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';
import { InvalidDataError, NotFoundError, RapportError } from '../kernel/errors.js';
import type { CrmHooks } from '../kernel/hooks.js';
import { DATABASE, HOOKS } from '../kernel/tokens.js';
import { parse, requireAtMost } from '../kernel/validation.js';
import { visibilityOf } from '../organisation/access.js';
import type { ActivityTypeRegistry } from './activity-registry.js';
import type { JournalEntry } from './entry.js';
import {
  newEntryId,
  type PendingEntry,
  readEntries,
  recordedExternalIds,
  requireEmployees,
  requireVisibleParties,
  writeEntries,
} from './entry-writer.js';
import { type RecordInput, validateRecord } from './record-input.js';
import { scheduleReminder } from './reminders.js';
import { ACTIVITY_TYPES } from './tokens.js';
import { assertVisibleEntries, requireVisibleEntry } from './visibility.js';

/** The result of recording one entry. */
export interface RecordResult {
  entry: JournalEntry;
  /** False when an entry with the same external id already existed (nothing was written). */
  created: boolean;
}

const Reason = z.string().trim().min(1).max(1000);
const EntryId = z.object({ id: z.uuid() });

/** A typed error for an id that is not a UUID (instead of a database error). */
const entryId = (id: string): string => parse(EntryId, { id }, 'journal entry').id;

/**
 * The activity journal: typed, append-only entries of everything that happened between the company
 * and its customers. Corrections are new entries that amend or void earlier ones.
 */
@injectable()
export class JournalService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(HOOKS) private readonly hooks: Readonly<CrmHooks>,
    @inject(ACTIVITY_TYPES) private readonly types: ActivityTypeRegistry,
  ) {}

  /**
   * Records one entry: validated against its type, checked against the parties' visibility,
   * transformed or vetoed by `beforeActivityRecord`, announced by `activityRecorded` in the
   * transaction. The same `externalId` twice records one entry.
   *
   * @example
   * await crm.services.journal.record(ctx, {
   *   type: 'call_outgoing', parties: [{ partyId }], durationSeconds: 300, outcome: 'interested',
   * });
   */
  async record<K extends string>(ctx: CallContext, input: RecordInput<K>): Promise<RecordResult> {
    const [result] = await this.recordEntries(ctx, [validateRecord(input, (k) => this.types.get(k))], false);
    return result!;
  }

  /**
   * Records many entries in one transaction with a fixed number of statements; one bad entry writes
   * none. At most `limits.recordManyEntries` (default 5,000) per call: record more in chunks.
   */
  async recordMany(ctx: CallContext, inputs: ReadonlyArray<RecordInput>): Promise<RecordResult[]> {
    requireAtMost('activities', '', inputs.length, this.db.limits.recordManyEntries, 'record them in chunks');
    const errors: InvalidDataError[] = [];
    const parsed = inputs.map((input, i) => {
      try {
        return validateRecord(input, (k) => this.types.get(k), [i]);
      } catch (error) {
        if (!(error instanceof InvalidDataError)) throw error;
        errors.push(error);
        return undefined;
      }
    });
    if (errors.length > 0)
      throw new InvalidDataError(
        'activities',
        errors.flatMap((e) => e.issues),
      );
    return this.recordEntries(ctx, parsed as NonNullable<(typeof parsed)[number]>[], true);
  }

  /** Reads one entry (visible when one of its parties is). */
  async get(ctx: CallContext, id: string): Promise<JournalEntry> {
    entryId(id);
    return this.db.transaction(ctx, (tx) => requireVisibleEntry(tx, id));
  }

  /** The whole trail of an entry: the original and every correction, oldest first. */
  async trail(ctx: CallContext, id: string): Promise<JournalEntry[]> {
    entryId(id);
    return this.db.transaction(ctx, async (tx) => {
      await requireVisibleEntry(tx, id);
      const rows = await tx.sql<{ id: string }>(
        `with recursive back as (
           select id, corrects_id from core_journal_entry where tenant_id = $1 and id = $2
           union all
           select e.id, e.corrects_id from core_journal_entry e join back b on e.tenant_id = $1 and e.id = b.corrects_id
         ), root as (select id from back where corrects_id is null),
         forward as (
           select id, 0 as depth from root
           union all
           select e.id, f.depth + 1 from core_journal_entry e join forward f on e.tenant_id = $1 and e.corrects_id = f.id
         )
         -- In correction order (only the current version can be corrected, so the chain is a line):
         -- ids alone could disagree when some were made by the database's clock and some by the app's.
         select id from forward order by depth, id`,
        [tx.tenantId, id],
      );
      return readEntries(
        tx,
        rows.map((r) => r.id),
      );
    });
  }

  /**
   * Amends an entry: records a new entry with the changed fields that replaces it in the corrected
   * view. Only the current version of an entry can be amended (a conflict otherwise).
   */
  async amend(
    ctx: CallContext,
    id: string,
    changes: Partial<RecordInput> & { reason: string },
  ): Promise<JournalEntry> {
    entryId(id);
    const reason = parse(Reason, changes.reason, 'reason');
    return this.db.transaction(ctx, async (tx) => {
      const original = await this.lockCurrent(tx, id);
      const { reason: _, ...fields } = changes;
      const merged = { ...recordOf(original), ...stripUndefined(fields) };
      const erasedData = fields.data === undefined && (await isErased(tx, id));
      const parsed = validateRecord(merged, (k) => this.types.get(k), [], { erasedData });
      const [result] = await this.write(
        tx,
        [
          {
            ...parsed,
            id: newEntryId(),
            externalId: undefined,
            corrects: { id, kind: 'amend', reason },
            erasedData,
          },
        ],
        false,
        original,
      );
      return result!.entry;
    });
  }

  /** Voids an entry: records a void that hides it (and itself) from the corrected view. */
  async void(ctx: CallContext, id: string, reason: string): Promise<JournalEntry> {
    entryId(id);
    const why = parse(Reason, reason, 'reason');
    return this.db.transaction(ctx, async (tx) => {
      const original = await this.lockCurrent(tx, id);
      const erasedData = await isErased(tx, id);
      const parsed = validateRecord(recordOf(original), (k) => this.types.get(k), [], { erasedData });
      const [result] = await this.write(
        tx,
        [
          {
            ...parsed,
            id: newEntryId(),
            externalId: undefined,
            corrects: { id, kind: 'void', reason: why },
            erasedData,
          },
        ],
        false,
        original,
      );
      return result!.entry;
    });
  }

  private async recordEntries(
    ctx: CallContext,
    parsed: ReturnType<typeof validateRecord>[],
    batch: boolean,
  ): Promise<RecordResult[]> {
    return this.db.transaction(ctx, async (tx) => {
      const pending = parsed.map((p) => ({ ...p, id: p.id ?? newEntryId() }));
      const externalIds = pending.flatMap((p) => (p.externalId === undefined ? [] : [p.externalId]));
      const known = await recordedExternalIds(tx, externalIds);
      if (known.size === 0) return this.write(tx, pending, batch);
      // An idempotent re-run: the entries recorded before are read back, not written again.
      const existing = new Map((await readEntries(tx, [...known.values()])).map((e) => [e.id, e]));
      await assertVisibleEntries(tx, [...existing.keys()]);
      const fresh = pending.flatMap((p, i) =>
        p.externalId !== undefined && known.has(p.externalId) ? [] : [i],
      );
      const written =
        fresh.length === 0
          ? []
          : await this.write(
              tx,
              fresh.map((i) => pending[i]!),
              batch,
              undefined,
              fresh,
            );
      let next = 0;
      return pending.map((p) => {
        const id = p.externalId === undefined ? undefined : known.get(p.externalId);
        return id === undefined ? written[next++]! : { entry: existing.get(id)!, created: false };
      });
    });
  }

  /**
   * Writes entries (a batch reports issues under each entry's index). A correction (one entry that
   * corrects `corrected`) marks the corrected entry superseded before `activityRecorded` runs, and
   * the taps get the corrected entry with the correction.
   */
  private async write(
    tx: TxContext,
    entries: PendingEntry[],
    batch = false,
    corrected?: JournalEntry,
    /** Each entry's index in the caller's batch, when `entries` is part of it. */
    indexes?: readonly number[],
  ): Promise<RecordResult[]> {
    await requireVisibleParties(
      tx,
      entries.flatMap((e) => e.parties.map((p) => p.partyId)),
    );
    const visibility = await visibilityOf(tx);
    const pathOf = (i: number, field: string) => (batch ? `${indexes?.[i] ?? i}.${field}` : field);
    const prepared: PendingEntry[] = [];
    for (const entry of entries) {
      const employeeId = entry.employeeId ?? visibility.employeeId ?? undefined;
      const withPeople = {
        ...entry,
        ...(employeeId ? { employeeId } : {}),
        ...(entry.status === 'planned' && !entry.assigneeId && employeeId ? { assigneeId: employeeId } : {}),
      };
      // A tap's result is validated again, like the input: a hook cannot smuggle bad data in.
      const final = this.hooks.beforeActivityRecord.isUsed()
        ? await this.revalidate(await this.hooks.beforeActivityRecord.promise(withPeople, tx))
        : withPeople;
      if (final.status === 'planned' && !final.assigneeId) {
        throw new InvalidDataError('activity', [
          {
            path: pathOf(prepared.length, 'assigneeId'),
            message: 'planned work needs an assignee',
            code: 'custom',
          },
        ]);
      }
      prepared.push(final);
    }
    await requireEmployees(tx, prepared, visibility.employeeId, pathOf);
    const written = await writeEntries(tx, prepared);
    // An external id recorded before may belong to an entry about parties this actor may not see.
    await assertVisibleEntries(
      tx,
      written.ids.filter((_, i) => !written.created[i]),
    );
    const results = written.entries.map((entry, i) => ({ entry, created: written.created[i]! }));
    const superseded =
      corrected && results[0] ? await this.supersede(tx, corrected, results[0].entry.id) : null;
    for (const [i, result] of results.entries()) {
      if (!result.created) continue;
      await this.hooks.activityRecorded.promise({ ...result.entry, corrected: superseded }, tx);
      const minutes = prepared[i]!.remindMinutesBefore;
      if (minutes !== undefined) await scheduleReminder(tx, result.entry, minutes);
    }
    if (this.hooks.activitiesRecorded.isUsed()) {
      const created = results.filter((r) => r.created).map((r) => r.entry);
      if (created.length > 0) await this.hooks.activitiesRecorded.promise(created, tx);
    }
    if (this.hooks.activityCommitted.isUsed()) {
      // One insert for the whole batch: a per-entry round trip made batches ten times slower.
      const created = results.filter((r) => r.created).map((r) => ({ entryId: r.entry.id }));
      await tx.enqueueMany('core.journal.committed', created);
    }
    return results;
  }

  private async revalidate(entry: PendingEntry): Promise<PendingEntry> {
    const { id, corrects, erasedData, remindMinutesBefore: _, ...record } = entry;
    const checked = validateRecord(
      {
        ...record,
        ...(entry.remindMinutesBefore !== undefined
          ? { remindMinutesBefore: entry.remindMinutesBefore }
          : {}),
      },
      (k) => this.types.get(k),
      [],
      { erasedData: erasedData === true },
    );
    return {
      ...checked,
      id,
      ...(corrects ? { corrects } : {}),
      ...(erasedData ? { erasedData } : {}),
      ...(entry.employeeId ? { employeeId: entry.employeeId } : {}),
    };
  }

  private async lockCurrent(tx: TxContext, id: string): Promise<JournalEntry> {
    const rows = await tx.sql<{ superseded_by: string | null; correction: string | null }>(
      'select superseded_by, correction from core_journal_entry where tenant_id = $1 and id = $2 for update',
      [tx.tenantId, id],
    );
    const row = rows[0];
    if (!row) throw new NotFoundError('Journal entry', id);
    if (row.superseded_by) {
      throw new RapportError(
        'CONFLICT',
        `Entry ${id} was already corrected by ${row.superseded_by}; correct the current version`,
        {
          details: { id, supersededBy: row.superseded_by },
        },
      );
    }
    if (row.correction === 'void')
      throw new RapportError('CONFLICT', `Entry ${id} is a void and cannot be corrected`, {
        details: { id },
      });
    return requireVisibleEntry(tx, id);
  }

  /** Marks `entry` replaced by `by`; returns it as it now is. */
  private async supersede(tx: TxContext, entry: JournalEntry, by: string): Promise<JournalEntry> {
    await tx.sql('update core_journal_entry set superseded_by = $3 where tenant_id = $1 and id = $2', [
      tx.tenantId,
      entry.id,
      by,
    ]);
    return { ...entry, supersededBy: by };
  }
}

/** Whether an erasure blanked the entry's data: one of its parties was erased. */
async function isErased(tx: TxContext, id: string): Promise<boolean> {
  const [row] = await tx.sql<{ erased: boolean }>(
    `select exists (select 1 from core_journal_party l join core_party p on p.tenant_id = l.tenant_id and p.id = l.party_id
       where l.tenant_id = $1 and l.entry_id = $2 and p.erased_at is not null) as erased`,
    [tx.tenantId, id],
  );
  return row?.erased === true;
}

/** The record input that reproduces an entry (for corrections). */
export function recordOf(entry: JournalEntry): RecordInput {
  return stripUndefined({
    type: entry.type,
    occurredAt: entry.occurredAt,
    employeeId: entry.employeeId ?? undefined,
    parties: entry.parties,
    subject: entry.subject ?? undefined,
    direction: entry.direction ?? undefined,
    durationSeconds: entry.durationSeconds ?? undefined,
    outcome: entry.outcome ?? undefined,
    amount: entry.amount ?? undefined,
    currency: entry.currency ?? undefined,
    notes: entry.notes ?? undefined,
    data: entry.data,
    status: entry.status ?? undefined,
    assigneeId: entry.assigneeId ?? undefined,
    dueAt: entry.dueAt ?? undefined,
  }) as RecordInput;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
