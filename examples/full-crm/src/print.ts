import { type ErrorCode, type JournalEntry, RapportError } from '@rapport/core';

const DAY = 86_400_000;

/** A date `days` from now (negative: in the past), at the given UTC hour. */
export function daysFromNow(days: number, hour = 10): Date {
  const date = new Date(Date.now() + days * DAY);
  date.setUTCHours(hour, 0, 0, 0);
  return date;
}

/** `2026-05-04 10:00` (UTC): short and sortable. */
export function when(date: Date | null | undefined): string {
  return date ? date.toISOString().slice(0, 16).replace('T', ' ') : '—';
}

/** An exact decimal amount with its currency: `12480.50 EUR`. */
export function money(amount: string | null, currency: string | null): string {
  return amount === null ? '' : `${amount} ${currency ?? ''}`.trim();
}

/** Pads a cell to a width, for aligned columns. */
export function cell(text: string, width: number): string {
  return text.length >= width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

/**
 * Runs something that must be refused with `code`, and returns the error. The demo fails when it is
 * not refused, or refused for another reason: the refusals it shows are checked, not assumed.
 */
export async function refused(code: ErrorCode, attempt: () => Promise<unknown>): Promise<RapportError> {
  try {
    await attempt();
  } catch (error) {
    if (RapportError.is(error, code)) return error;
    throw error;
  }
  throw new Error(`Expected a ${code} error, but the call succeeded`);
}

/** A timeline entry in two lines: when, what, who, how much, the outcome; then the notes. */
export function entryLines(
  entry: JournalEntry,
  label: string,
  nameOf: (id: string | null) => string,
): [string, string?] {
  const data = entry.data as Record<string, unknown>;
  const what = [data.title, data.subject, data.name, data.invoiceNumber].find((v) => typeof v === 'string');
  const head = [
    when(entry.occurredAt),
    cell(label, 22),
    cell(nameOf(entry.employeeId), 13),
    entry.amount && money(entry.amount, entry.currency),
    entry.status === 'planned' && `[planned for ${nameOf(entry.assigneeId)}, due ${when(entry.dueAt)}]`,
    entry.status === 'done' && '[done]',
    what && `"${what}"`,
    entry.outcome && `→ ${entry.outcome}`,
  ];
  const corrected = entry.corrects?.kind === 'amend' ? `(corrected: ${entry.corrects.reason})` : '';
  const notes = [entry.notes, corrected].filter(Boolean).join(' ');
  const first = head.filter(Boolean).join('  ');
  return notes ? [first, `${' '.repeat(18)}${notes}`] : [first];
}
