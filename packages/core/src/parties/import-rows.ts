import { type FieldIssue, InvalidDataError } from '../kernel/errors.js';
import { unsafeTextIssues } from '../kernel/unsafe-text.js';
import { validateCustom } from './custom-fields.js';
import type { MappedRow, RowMapper, SourceRow } from './import-mapping-types.js';
import type { ImportIssue, ImportRowError } from './import-types.js';
import { PartyInputSchema } from './party-input.js';
import { type PreparedParty, type PrepareOptions, prepareParty } from './prepare.js';

/** A valid row, normalised and ready to be written. */
export interface ImportItem {
  /** 1-based row number in the source. */
  row: number;
  /** The row as read, kept for the batch to explain a late error by column. */
  source: SourceRow;
  party: PreparedParty;
  externalKey: string | null;
  /** What was kept but deserves a look, reported on the row's result. */
  warnings: ImportIssue[];
}

/** A row skipped before validation because its external key was imported before. */
export interface KnownRow {
  row: number;
  source: SourceRow;
  externalKey: string;
  partyId: string;
}

/** One batch after validation: the rows to write and the rows that failed. */
export interface PreparedBatch {
  read: number;
  /** Rows skipped because their external key was imported before. */
  known: KnownRow[];
  items: ImportItem[];
  errors: ImportRowError[];
}

const MAX_EXTERNAL_KEY = 200;

/** The valid external keys of a batch's rows, to look up before preparing them. */
export function externalKeysOf(rows: readonly SourceRow[], mapper: RowMapper): string[] {
  const keys = new Set<string>();
  for (const source of rows) {
    const key = externalKeyOf(mapper.externalKey(source), []);
    if (key !== null) keys.add(key);
  }
  return [...keys];
}

/**
 * Maps, validates and normalises a batch of rows in memory (no database access). A bad row becomes
 * an error with every offending field and, when a mapping names it, the column; the others go on.
 * Rows whose external key is in `known` (imported before) are only counted.
 */
export function prepareRows(
  rows: readonly SourceRow[],
  firstRow: number,
  mapper: RowMapper,
  options: PrepareOptions,
  known: ReadonlyMap<string, string> = new Map(),
): PreparedBatch {
  const items: ImportItem[] = [];
  const errors: ImportRowError[] = [];
  const skipped: KnownRow[] = [];
  rows.forEach((source, i) => {
    const row = firstRow + i;
    if (known.size > 0) {
      const key = externalKeyOf(mapper.externalKey(source), []);
      const partyId = key === null ? undefined : known.get(key);
      if (key !== null && partyId !== undefined) {
        skipped.push({ row, source, externalKey: key, partyId });
        return;
      }
    }
    let mapped: MappedRow;
    try {
      mapped = mapper.map(source);
    } catch (error) {
      // A mapping function threw on this row: the row fails, the import goes on.
      if (!(error instanceof Error)) throw error;
      const issue = { path: '', message: `the mapping failed: ${error.message}`, code: 'mapping_failed' };
      errors.push({ row, externalKey: null, issues: [issue] });
      return;
    }
    // Text no column can store (NUL, lone surrogates) fails the row, naming the field.
    const issues: FieldIssue[] = unsafeTextIssues(mapped.input);
    const externalKey = externalKeyOf(mapped.externalKey, issues);
    const parsed = PartyInputSchema.safeParse(mapped.input);
    if (!parsed.success) {
      issues.push(
        ...InvalidDataError.fromZod('party', parsed.error).issues,
        ...customIssues(mapped.input, options),
      );
    } else if (issues.length === 0) {
      try {
        items.push({ row, source, party: prepareParty(parsed.data, options), externalKey, warnings: [] });
        return;
      } catch (error) {
        if (!(error instanceof InvalidDataError)) throw error;
        issues.push(...error.issues);
      }
    }
    errors.push({ row, externalKey, issues: explainIssues(issues, source, mapper) });
  });
  return { read: rows.length, known: skipped, items, errors };
}

/** Adds to each issue the source column its value came from, when the mapping names one. */
export function explainIssues(issues: FieldIssue[], source: SourceRow, mapper: RowMapper): ImportIssue[] {
  if (mapper.columns.length === 0) return issues;
  const columns = new Map<string, string>();
  try {
    mapper.map(source, (path, column) => columns.set(path, column));
  } catch {
    // The mapping threw on this row: that is the issue already reported, without columns.
    return issues;
  }
  return issues.map((issue) => {
    const column = columnOf(issue.path, columns);
    return column === undefined ? issue : { ...issue, column };
  });
}

/** The column of the longest mapped path that `path` starts with (`contactPoints.0.value` → `contactPoints.0`). */
function columnOf(path: string, columns: Map<string, string>): string | undefined {
  for (let prefix = path; prefix.length > 0; prefix = prefix.slice(0, Math.max(prefix.lastIndexOf('.'), 0))) {
    const column = columns.get(prefix);
    if (column !== undefined) return column;
  }
  return undefined;
}

/** Custom field problems too, which prepareParty would only report once everything else is valid. */
function customIssues(input: Record<string, unknown>, options: PrepareOptions): FieldIssue[] {
  const custom = input.custom;
  if (typeof custom !== 'object' || custom === null || Array.isArray(custom)) return [];
  try {
    validateCustom(custom as Record<string, unknown>, options.customFields);
    return [];
  } catch (error) {
    if (!(error instanceof InvalidDataError)) throw error;
    return error.issues;
  }
}

function externalKeyOf(value: unknown, issues: FieldIssue[]): string | null {
  if (value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string' && value.length <= MAX_EXTERNAL_KEY) return value;
  issues.push({
    path: 'externalKey',
    message: `must be text of at most ${MAX_EXTERNAL_KEY} characters`,
    code: 'invalid_type',
  });
  return null;
}
