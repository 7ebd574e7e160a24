import { createReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { ErrorCode, InvalidDataError, NotFoundError, RapportError } from '../kernel/errors.js';
import type { SourceRow } from './import-mapping-types.js';

/** How to read a CSV file. */
export interface CsvReadOptions {
  delimiter?: string;
  encoding?: BufferEncoding;
  /** Columns the mapping reads: a header without one of them is refused before any row is read. */
  columns: ReadonlyArray<{ path: string; column: string }>;
}

/**
 * Streams the records of a CSV file (a path or a readable stream) as objects keyed by the header.
 * Reading is pulled by the consumer, so a large file is never held in memory.
 */
export function csvRecords(source: Readable | string, options: CsvReadOptions): AsyncIterable<SourceRow> {
  const input =
    typeof source === 'string' ? createReadStream(source, { encoding: options.encoding ?? 'utf8' }) : source;
  const parser = parse({
    columns: (header: string[]) => checkHeader(header, options.columns),
    bom: true,
    delimiter: options.delimiter ?? ',',
    relax_column_count: true,
    skip_empty_lines: true,
  });
  // A failing file destroys the parser with the error, which then surfaces in the consumer's loop.
  return pipeline(input, parser, () => {});
}

/** Turns a file or parser failure into a Rapport error; other errors are returned as they are. */
export function csvError(error: unknown, source: Readable | string): unknown {
  if (error instanceof CsvError) {
    return new RapportError(ErrorCode.INVALID_DATA, `The CSV file is malformed: ${error.message}`, {
      details: { line: error.lines, csvCode: error.code },
      cause: error,
    });
  }
  if (typeof source === 'string' && (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT')
    return new NotFoundError('CSV file', source);
  return error;
}

function checkHeader(header: string[], columns: CsvReadOptions['columns']): string[] {
  const present = new Set(header.map((h) => h.trim()));
  const missing = columns.filter((c) => !present.has(c.column));
  if (missing.length > 0) {
    throw new InvalidDataError(
      'import mapping',
      missing.map((m) => ({
        path: m.path,
        message: `the file has no column "${m.column}"`,
        code: 'missing_column',
      })),
    );
  }
  return header.map((h) => h.trim());
}
