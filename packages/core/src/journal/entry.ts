import type { Actor } from '../kernel/context.js';

/** A party's part in an entry: the customer, the contact person met, a participant… */
export interface EntryParty {
  partyId: string;
  role: string;
}

/** An activity journal entry as readers see it. */
export interface JournalEntry {
  id: string;
  type: string;
  occurredAt: Date;
  recordedAt: Date;
  actor: Actor;
  employeeId: string | null;
  direction: 'inbound' | 'outbound' | null;
  subject: { type: string; id: string } | null;
  durationSeconds: number | null;
  outcome: string | null;
  /** Exact decimal as a string, with its ISO 4217 currency. */
  amount: string | null;
  currency: string | null;
  notes: string | null;
  data: Record<string, unknown>;
  externalId: string | null;
  status: 'planned' | 'done' | 'cancelled' | null;
  assigneeId: string | null;
  dueAt: Date | null;
  /** Set on corrections: the entry this one amends or voids, and why. */
  corrects: { id: string; kind: 'amend' | 'void'; reason: string } | null;
  /** Set when a later correction replaced or voided this entry. */
  supersededBy: string | null;
  parties: EntryParty[];
}

/**
 * What `activityRecorded` taps get: the recorded entry and, for a correction, the entry it corrects
 * as it now is (already marked superseded), so a tap that keeps totals can take back what it gave.
 */
export interface RecordedEntry extends JournalEntry {
  /** The entry this correction amends or voids; null for a new entry. */
  corrected: JournalEntry | null;
}

/** The entry's own columns over alias `e` (also usable in an insert's `returning`). */
export const ENTRY_FIELDS = `e.id, e.type, e.occurred_at, e.recorded_at, e.actor, e.employee_id, e.direction, e.subject_type,
  e.subject_id, e.duration_seconds, e.outcome, e.amount::text as amount, e.currency, e.notes, e.data, e.external_id, e.status,
  e.assignee_id, e.due_at, e.corrects_id, e.correction, e.correction_reason, e.superseded_by`;

/**
 * The columns {@link toEntry} reads, over `core_journal_entry e`. Parties are ordered by role and id
 * in byte order (`collate "C"`), whatever the database's collation, so {@link sortParties} agrees.
 */
export const ENTRY_COLUMNS = `${ENTRY_FIELDS},
  coalesce((select json_agg(json_build_object('partyId', l.party_id, 'role', l.role) order by l.role collate "C", l.party_id)
    from core_journal_party l where l.tenant_id = e.tenant_id and l.entry_id = e.id), '[]') as parties`;

/** Orders an entry's parties as {@link ENTRY_COLUMNS} does: by role, then party id, in byte order. */
export function sortParties(parties: readonly EntryParty[]): EntryParty[] {
  const byBytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...parties].sort((a, b) => byBytes(a.role, b.role) || byBytes(a.partyId, b.partyId));
}

/** A row selected with {@link ENTRY_COLUMNS}. */
export interface EntryRow {
  id: string;
  type: string;
  occurred_at: string;
  recorded_at: string;
  actor: Actor;
  employee_id: string | null;
  direction: JournalEntry['direction'];
  subject_type: string | null;
  subject_id: string | null;
  duration_seconds: number | null;
  outcome: string | null;
  amount: string | null;
  currency: string | null;
  notes: string | null;
  data: Record<string, unknown>;
  external_id: string | null;
  status: JournalEntry['status'];
  assignee_id: string | null;
  due_at: string | null;
  corrects_id: string | null;
  correction: 'amend' | 'void' | null;
  correction_reason: string | null;
  superseded_by: string | null;
  parties: EntryParty[];
}

/** Maps an {@link EntryRow} to a {@link JournalEntry}. */
export function toEntry(r: EntryRow): JournalEntry {
  return {
    id: r.id,
    type: r.type,
    occurredAt: new Date(r.occurred_at),
    recordedAt: new Date(r.recorded_at),
    actor: r.actor,
    employeeId: r.employee_id,
    direction: r.direction,
    subject: r.subject_type && r.subject_id ? { type: r.subject_type, id: r.subject_id } : null,
    durationSeconds: r.duration_seconds,
    outcome: r.outcome,
    amount: r.amount === null ? null : normalizeDecimal(r.amount),
    currency: r.currency,
    notes: r.notes,
    data: r.data,
    externalId: r.external_id,
    status: r.status,
    assigneeId: r.assignee_id,
    dueAt: r.due_at ? new Date(r.due_at) : null,
    corrects:
      r.corrects_id && r.correction
        ? { id: r.corrects_id, kind: r.correction, reason: r.correction_reason ?? '' }
        : null,
    supersededBy: r.superseded_by,
    parties: r.parties,
  };
}

/** `12.5000` → `12.50`: trailing zeros past two decimals are dropped; the value stays exact. */
function normalizeDecimal(value: string): string {
  if (!value.includes('.')) return `${value}.00`;
  const [whole, fraction = ''] = value.split('.');
  const trimmed = fraction.replace(/0+$/, '').padEnd(2, '0');
  return `${whole}.${trimmed}`;
}
