import { z } from 'zod';
import type { DuplicateMatch } from './duplicates-error.js';
import type { ImportMapping, ValueSource } from './import-mapping-types.js';

/** What to do with a row whose email, phone, tax/registration number or domain another party holds. */
export const OnDuplicate = z.enum(['skip', 'link', 'error']);
/** What to do with a row that matches an existing party. */
export type OnDuplicate = z.infer<typeof OnDuplicate>;

/** Exact tallies of an import; `read` is always the sum of the other five. */
export interface ImportCounts {
  /** Rows taken from the source. */
  read: number;
  /** New parties written. */
  created: number;
  /** Rows attached to the party they matched (`onDuplicate: 'link'`). */
  linked: number;
  /** Rows whose external key was imported before (from this source, earlier in the file or in an earlier run). */
  unchanged: number;
  /** Rows that matched an existing party and were skipped (`onDuplicate: 'skip'`, or matching several parties). */
  duplicates: number;
  /** Rows that could not be imported: invalid data, or a duplicate with `onDuplicate: 'error'`. */
  failed: number;
}

/** Reported to `onProgress` after each committed batch. */
export interface ImportProgress extends ImportCounts {
  /** Batches committed so far. */
  batches: number;
}

/** One offending field of a row. */
export interface ImportIssue {
  /** Path in the party input, e.g. `contactPoints.0.value`; empty for the row as a whole. */
  path: string;
  message: string;
  code: string;
  /** The source column the value came from, when a mapping names it. */
  column?: string;
}

/** A row that was not imported, with every offending field. */
export interface ImportRowError {
  /** 1-based number of the row in the source (a CSV's header line is not counted). */
  row: number;
  externalKey: string | null;
  issues: ImportIssue[];
}

/** A party a row matched: an existing one, or one this import created or linked from an earlier row. */
export interface ImportMatch extends DuplicateMatch {
  /** The earlier row of this import the party came from, when it is in the same batch. */
  row?: number;
}

/** A row that matched one or more parties and was not imported. */
export interface ImportDuplicate {
  row: number;
  externalKey: string | null;
  matches: ImportMatch[];
}

/** A row that was imported with contact data kept but flagged `unverified` (an odd phone, email or country). */
export interface ImportRowWarning {
  row: number;
  externalKey: string | null;
  /** Each flagged field: `code` (`unverified_phone`, `unusual_email`, `unknown_country`), `path`, `message`, `column`. */
  warnings: ImportIssue[];
}

/**
 * What became of one row: `created` (a new party), `linked` (attached to the party it matched),
 * `unchanged` (its external key was imported before; `partyId` is that party), `duplicate` (it
 * matched another party and was skipped; `matches` names them) or `failed` (`errors` says why).
 */
export type ImportRowOutcome = 'created' | 'linked' | 'unchanged' | 'duplicate' | 'failed';

/** The result of one row, reported to `onRow` in row order and listed in {@link ImportResult.rows}. */
export interface ImportRowResult {
  /** 1-based number of the row in the source (a CSV's header line is not counted). */
  row: number;
  externalKey: string | null;
  outcome: ImportRowOutcome;
  /** The party created, linked or named by the external key; the single match of a duplicate; else null. */
  partyId: string | null;
  /** What was kept but deserves a look (the row was imported). */
  warnings: ImportIssue[];
  /** Why the row failed; empty otherwise. */
  errors: ImportIssue[];
  /** The parties a duplicate matched. */
  matches?: ImportMatch[];
}

/** The relationships an import's `relate` columns asked for, written after the rows. */
export interface ImportRelationshipsResult {
  /** Relationships written. */
  created: number;
  /** Rows whose relationship could not be written (unknown key or party, duplicate, hidden party). */
  failed: number;
  /** The first `maxReported` of them, each naming the field of the `relate` entry. */
  errors: ImportRowError[];
}

/** What an import did: exact counts, and the first `maxReported` rows, errors, duplicates and warnings. */
export interface ImportResult {
  counts: ImportCounts;
  errors: ImportRowError[];
  duplicates: ImportDuplicate[];
  /** Rows created or linked with flagged contact data (none with `strict`). */
  warnings: ImportRowWarning[];
  /** The first `maxReported` row results, in row order (use `onRow` to see every row of a big file). */
  rows: ImportRowResult[];
  /** Present when the options asked to `relate` rows to parties. */
  relationships?: ImportRelationshipsResult;
}

/**
 * Relates each imported row to another party, named by a column: the external key of another row
 * (of this import or an earlier one of `toSource`) or an existing party's id. Written after the
 * rows, in set-based statements; a key naming no party is an error on the row, not on the import.
 *
 * @example
 * // contacts.csv: ContactID,Name,CompanyID — each contact works at the company imported before
 * relate: [{ type: 'works_at', toKey: 'CompanyID', toSource: 'northwind-customers' }]
 */
export interface ImportRelation {
  /** A relationship type key (`works_at`, `subsidiary_of`, or one the tenant defined). */
  type: string;
  /** Where the other party's external key comes from. */
  toKey?: ValueSource;
  /** The source of that key (default: this import's source). */
  toSource?: string;
  /** Where an existing party's id comes from (instead of `toKey`). */
  toId?: ValueSource;
  /** `outgoing` (default): row → other ("works at"); `incoming`: other → row. */
  direction?: 'outgoing' | 'incoming';
}

/** A row of the identity mapping: a party input, plus its key in the source system. */
export type PartyImportRow = Record<string, unknown> & { externalKey?: string | number };

/** Options of `imports.importRows`. */
export interface ImportOptions {
  /**
   * Names the system the rows come from (`"legacy-erp"`, `"trade-fair-2025"`). External keys are
   * unique per source, so re-importing a file of the same source changes nothing.
   */
  source: string;
  /** How a row's fields become a party; without it each row is a party input (plus `externalKey`). */
  mapping?: ImportMapping;
  /** Rows per transaction (default 1000). */
  batchSize?: number;
  /**
   * A row matching an existing party (or an earlier row): `skip` (default) reports it as a
   * duplicate, `link` attaches its contact points, roles and tags to that party, `error` reports it
   * as a failed row.
   */
  onDuplicate?: OnDuplicate;
  /**
   * Refuse rows with a phone not valid for its country, an odd email or an unknown country (default
   * false: such values are kept as typed, flagged `unverified` and listed in `warnings`).
   */
  strict?: boolean;
  /** How many errors and duplicates the result lists (default 1000); the counts stay exact. */
  maxReported?: number;
  /** Called after each committed batch; an async callback is awaited (back-pressure). */
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
  /**
   * Called for every row, in row order, once its batch has committed; an async callback is awaited.
   * Streams each row's outcome and party id, however big the file.
   */
  onRow?: (result: ImportRowResult) => void | Promise<void>;
  /** Relationships to write from each row to the party a column names. */
  relate?: ImportRelation[];
  /** Stops between batches; the batches already committed stay. */
  signal?: AbortSignal;
}

/** Options of `imports.importCsv`: a mapping is required, plus how to read the file. */
export interface ImportCsvOptions extends ImportOptions {
  mapping: ImportMapping;
  /** Field delimiter (default `,`). */
  delimiter?: string;
  /** Text encoding of a file given by path (default `utf8`). */
  encoding?: BufferEncoding;
}

/** The options, validated; the mapping's fields are checked when it is compiled. */
export const ImportOptionsSchema = z.object({
  source: z.string().trim().min(1).max(100),
  mapping: z
    .custom<ImportMapping>((v) => typeof v === 'object' && v !== null, 'must be an object')
    .optional(),
  batchSize: z.int().min(1).max(10_000).default(1000),
  onDuplicate: OnDuplicate.default('skip'),
  strict: z.boolean().default(false),
  maxReported: z.int().min(0).max(1_000_000).default(1000),
  onProgress: z
    .custom<NonNullable<ImportOptions['onProgress']>>((v) => typeof v === 'function', 'must be a function')
    .optional(),
  signal: z.custom<AbortSignal>((v) => v instanceof AbortSignal, 'must be an AbortSignal').optional(),
  onRow: z
    .custom<NonNullable<ImportOptions['onRow']>>((v) => typeof v === 'function', 'must be a function')
    .optional(),
  relate: z
    .array(
      z
        .strictObject({
          type: z.string().min(1),
          toKey: z.custom<ValueSource>((v) => v !== undefined && v !== null).optional(),
          toSource: z.string().trim().min(1).max(100).optional(),
          toId: z.custom<ValueSource>((v) => v !== undefined && v !== null).optional(),
          direction: z.enum(['outgoing', 'incoming']).default('outgoing'),
        })
        .refine((r) => (r.toKey === undefined) !== (r.toId === undefined), {
          message: 'name exactly one of toKey and toId',
          path: ['toKey'],
        }),
    )
    .max(20)
    .optional(),
});
