import { uuidv7 } from 'uuidv7';
import type { TxContext } from '../kernel/context.js';
import {
  type FieldIssue,
  InvalidDataError,
  NotAllowedError,
  NotFoundError,
  RapportError,
} from '../kernel/errors.js';
import { visibilityOf } from '../organisation/access.js';
import { partyVisibility, refuseHiddenParties } from '../parties/party-visibility.js';
import {
  ENTRY_COLUMNS,
  ENTRY_FIELDS,
  type EntryRow,
  type JournalEntry,
  sortParties,
  toEntry,
} from './entry.js';
import type { ParsedRecord } from './record-input.js';

/** A validated record with its id and resolved people, as written. */
export interface PendingEntry extends ParsedRecord {
  id: string;
  employeeId?: string;
  corrects?: { id: string; kind: 'amend' | 'void'; reason: string };
  /**
   * The entry corrects one whose data an erasure blanked: its data is kept as it is, not checked
   * against the type's schema again (a required field the erasure removed must not block it).
   */
  erasedData?: boolean;
}

/** Refuses parties that do not exist (not found) or that the actor may not see (not allowed), in one query. */
export async function requireVisibleParties(tx: TxContext, partyIds: readonly string[]): Promise<void> {
  const ids = [...new Set(partyIds.map((id) => id.toLowerCase()))];
  const found = await partyVisibility(tx, ids);
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw new NotFoundError('Party', missing);
  refuseHiddenParties(found);
}

/**
 * Refuses employees who are not of this tenant, and new planned work for a deactivated assignee, as
 * typed errors with the field path (instead of a foreign-key failure, or work nobody will do).
 * `known` is the acting employee, already checked; `pathOf` gives the path prefix of entry `i`.
 */
export async function requireEmployees(
  tx: TxContext,
  entries: readonly PendingEntry[],
  known: string | null,
  pathOf: (i: number, field: string) => string,
): Promise<void> {
  const ids = new Set(
    entries.flatMap((e) => [e.employeeId, e.assigneeId]).filter((id): id is string => !!id && id !== known),
  );
  if (ids.size === 0) return;
  const rows = await tx.sql<{ id: string; active: boolean; path: string[] }>(
    `select e.id, e.active, d.path from core_employee e
       join core_department d on d.tenant_id = e.tenant_id and d.id = e.department_id
      where e.tenant_id = $1 and e.id = any($2::uuid[])`,
    [tx.tenantId, [...ids]],
  );
  const active = new Map(rows.map((r) => [r.id, r.active]));
  const mayActFor = await actingFor(tx, new Map(rows.map((r) => [r.id, r.path])));
  const issues: FieldIssue[] = [];
  const refused: FieldIssue[] = [];
  entries.forEach((e, i) => {
    for (const field of ['employeeId', 'assigneeId'] as const) {
      const id = e[field];
      if (!id || id === known) continue;
      if (!active.has(id))
        issues.push({
          path: pathOf(i, field),
          message: `no employee ${id} in this tenant`,
          code: 'invalid_value',
        });
      else if (field === 'employeeId' && !e.corrects && !mayActFor(id)) {
        refused.push({
          path: pathOf(i, field),
          message: `only employee ${id}, their manager or an administrator may record an entry in their name`,
          code: 'not_allowed',
        });
      } else if (field === 'assigneeId' && e.status === 'planned' && !e.corrects && !active.get(id)) {
        issues.push({
          path: pathOf(i, field),
          message: `employee ${id} is deactivated and cannot be given new work`,
          code: 'custom',
        });
      }
    }
  });
  if (issues.length > 0) throw new InvalidDataError('activity', issues);
  if (refused.length > 0) {
    throw new NotAllowedError(
      `Not allowed to record an entry in another employee's name: ${refused.map((r) => r.path).join(', ')}`,
      { issues: refused },
    );
  }
}

/**
 * Whom the actor may record entries in the name of (besides themselves): anyone for administrators
 * and system processes, the employees of their department's subtree for managers, nobody for agents.
 */
async function actingFor(
  tx: TxContext,
  paths: ReadonlyMap<string, string[]>,
): Promise<(id: string) => boolean> {
  const visibility = await visibilityOf(tx);
  if (visibility.all) return () => true;
  const department = visibility.departmentId;
  if (visibility.role !== 'manager' || !department) return () => false;
  return (id) => paths.get(id)?.includes(department) ?? false;
}

/**
 * Writes entries and their party links in one statement, and returns them as written (no read-back).
 * An entry whose external id was already recorded is not written again: the existing entry takes
 * its place, with `created` false (the unique index decides, so concurrent recorders of the same
 * external id get one entry).
 */
export async function writeEntries(
  tx: TxContext,
  entries: readonly PendingEntry[],
): Promise<{ ids: string[]; created: boolean[]; entries: JournalEntry[] }> {
  if (entries.length === 0) return { ids: [], created: [], entries: [] };
  // One instant per entry, shared by the entry and its party links: the timeline orders and pages by
  // the link's copy of it, the filters compare it, so the two must never differ.
  const now = new Date();
  const occurredAt = new Map(entries.map((e) => [e.id, (e.occurredAt ?? now).toISOString()]));
  // A party named twice in one entry is linked once (the first role wins).
  const partiesOf = new Map(
    entries.map((e) => [
      e.id,
      [...new Map(e.parties.map((p) => [p.partyId.toLowerCase(), p.role])).entries()],
    ]),
  );
  const rows = entries.map((e) => ({
    id: e.id,
    type: e.type,
    occurred_at: occurredAt.get(e.id)!,
    employee_id: e.employeeId ?? null,
    direction: e.direction ?? null,
    subject_type: e.subject?.type ?? null,
    subject_id: e.subject?.id ?? null,
    duration_seconds: e.durationSeconds ?? null,
    outcome: e.outcome ?? null,
    amount: e.amount ?? null,
    currency: e.currency ?? null,
    notes: e.notes ?? null,
    data: e.data,
    external_id: e.externalId ?? null,
    status: e.status ?? null,
    assignee_id: e.assigneeId ?? null,
    due_at: e.dueAt?.toISOString() ?? null,
    corrects_id: e.corrects?.id ?? null,
    correction: e.corrects?.kind ?? null,
    correction_reason: e.corrects?.reason ?? null,
  }));
  const links = entries.flatMap((e) =>
    partiesOf.get(e.id)!.map(([partyId, role]) => ({
      entry_id: e.id,
      party_id: partyId,
      role,
      occurred_at: occurredAt.get(e.id)!,
    })),
  );
  // The arbiter costs a speculative insertion per row: only batches with external ids need it.
  const idempotent = entries.some((e) => e.externalId !== undefined);
  const inserted = await tx.sql<Omit<EntryRow, 'parties'>>(
    `with written as (
       insert into core_journal_entry as e (tenant_id, id, type, occurred_at, actor, employee_id, direction, subject_type,
         subject_id, duration_seconds, outcome, amount, currency, notes, data, external_id, status, assignee_id, due_at,
         corrects_id, correction, correction_reason)
       select $1, r.id, r.type, r.occurred_at, $3::jsonb, r.employee_id, r.direction, r.subject_type, r.subject_id,
         r.duration_seconds, r.outcome, r.amount, r.currency, r.notes, r.data, r.external_id, r.status, r.assignee_id, r.due_at,
         r.corrects_id, r.correction, r.correction_reason
       from jsonb_to_recordset($2::jsonb) as r(id uuid, type text, occurred_at timestamptz, employee_id uuid, direction text,
         subject_type text, subject_id uuid, duration_seconds int, outcome text, amount numeric, currency text, notes text,
         data jsonb, external_id text, status text, assignee_id uuid, due_at timestamptz, corrects_id uuid, correction text,
         correction_reason text)
       ${idempotent ? 'on conflict (tenant_id, external_id) where external_id is not null do nothing' : ''}
       returning ${ENTRY_FIELDS}
     ), links as (
       insert into core_journal_party (tenant_id, party_id, entry_id, role, occurred_at)
       select $1, l.party_id, l.entry_id, l.role, l.occurred_at
       from jsonb_to_recordset($4::jsonb) as l(party_id uuid, entry_id uuid, role text, occurred_at timestamptz)
       join written w on w.id = l.entry_id
     )
     select * from written`,
    [tx.tenantId, JSON.stringify(rows), JSON.stringify(tx.actor), JSON.stringify(links)],
  );
  const written = new Map(
    inserted.map((r) => [
      r.id,
      toEntry({
        ...r,
        parties: sortParties(partiesOf.get(r.id)!.map(([partyId, role]) => ({ partyId, role }))),
      }),
    ]),
  );
  const duplicates = entries.filter((e) => !written.has(e.id) && e.externalId).map((e) => e.externalId!);
  const existing = new Map<string, JournalEntry>();
  if (duplicates.length > 0) {
    const found = await tx.sql<{ id: string; external_id: string }>(
      'select id, external_id from core_journal_entry where tenant_id = $1 and external_id = any($2::text[])',
      [tx.tenantId, duplicates],
    );
    const byId = new Map(
      (
        await readEntries(
          tx,
          found.map((r) => r.id),
        )
      ).map((e) => [e.id, e]),
    );
    // Includes an entry written just now by an earlier entry of this batch with the same external id.
    for (const r of found) existing.set(r.external_id, byId.get(r.id)!);
  }
  const result = entries.map((e) => written.get(e.id) ?? existing.get(e.externalId ?? ''));
  if (result.some((entry) => entry === undefined)) {
    throw new RapportError('CONFLICT', 'An entry could not be written; retry', {
      details: { ids: entries.map((e) => e.id) },
    });
  }
  return {
    ids: result.map((entry) => entry!.id),
    created: entries.map((e) => written.has(e.id)),
    entries: result as JournalEntry[],
  };
}

/**
 * The entries already recorded under any of `externalIds`, by external id: one index lookup for a
 * whole batch, so recording a batch again skips its known entries instead of writing them to find out.
 */
export async function recordedExternalIds(
  tx: TxContext,
  externalIds: readonly string[],
): Promise<Map<string, string>> {
  if (externalIds.length === 0) return new Map();
  const rows = await tx.sql<{ id: string; external_id: string }>(
    'select id, external_id from core_journal_entry where tenant_id = $1 and external_id = any($2::text[])',
    [tx.tenantId, [...new Set(externalIds)]],
  );
  return new Map(rows.map((r) => [r.external_id, r.id]));
}

/** Reads entries by id, in the given order. */
export async function readEntries(tx: TxContext, ids: readonly string[]): Promise<JournalEntry[]> {
  if (ids.length === 0) return [];
  const rows = await tx.sql<EntryRow>(
    `select ${ENTRY_COLUMNS} from core_journal_entry e where e.tenant_id = $1 and e.id = any($2::uuid[])`,
    [tx.tenantId, [...new Set(ids)]],
  );
  const byId = new Map(rows.map((r) => [r.id, toEntry(r)]));
  return ids.map((id) => byId.get(id)).filter((e): e is JournalEntry => e !== undefined);
}

/** A fresh entry id (UUIDv7, so ids sort by creation). */
export const newEntryId = (): string => uuidv7();
