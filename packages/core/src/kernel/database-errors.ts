import {
  ConflictError,
  DuplicateError,
  ErrorCode,
  InvalidDataError,
  RapportError,
  TimeoutError,
  UnavailableError,
} from './errors.js';

/** The fields of a PostgreSQL error (node-postgres, or MikroORM's driver exception that copies them). */
interface PgErrorFields {
  code: string;
  constraint?: string;
  table?: string;
  schema?: string;
  detail?: string;
  column?: string;
}

/** SQLSTATEs that mean "a concurrent command got in the way": running the command again may succeed. */
const RETRYABLE_CODES: Record<string, string> = {
  '40001': 'a concurrent transaction changed the same rows (serialization failure)',
  '40P01': 'a concurrent transaction held locks this one needed (deadlock)',
  '55P03': 'a row or table was locked by a concurrent transaction (lock timeout)',
};
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
/** `statement_timeout` (or a cancel request) stopped the statement. */
const QUERY_CANCELED = '57014';
/** The server ended the session (`pg_terminate_backend`, a restart) or a connection failed (class 08). */
const CONNECTION_LOST = /^(57P0[1-3]|08...)$/;
/** node-postgres' own messages when the socket went away mid-command (they carry no SQLSTATE). */
// Only node-postgres' own wording: a mail transport's ECONNRESET inside a transaction is not ours.
const DRIVER_CONNECTION_LOST =
  /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable)/;

/** True when `error` (or its cause) says the database connection was lost mid-command. */
function isConnectionLost(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && DRIVER_CONNECTION_LOST.test(message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** The PostgreSQL fields of `error` (or of its `cause`), when it is a database error with a SQLSTATE. */
export function pgErrorOf(error: unknown): PgErrorFields | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code ?? (e as { sqlState?: unknown }).sqlState;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code))
      return { ...(e as object), code } as PgErrorFields;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The key columns PostgreSQL names in a unique violation's detail: `Key (tenant_id, name)=(…) already exists.` */
function fieldsOfDetail(detail: string | undefined): string[] | undefined {
  const match = /^Key \(([^)]*)\)=/.exec(detail ?? '');
  return match?.[1] ? match[1].split(',').map((field) => field.trim().replace(/^"|"$/g, '')) : undefined;
}

/**
 * Maps any error to a {@link RapportError}: Rapport errors pass unchanged; PostgreSQL unique violations
 * become DUPLICATE naming the key's fields (`fields`, when the caller already knows them), foreign-key
 * violations CONFLICT, serialization failures, deadlocks and lock timeouts a retryable CONFLICT; anything
 * else INTERNAL, keeping the original as `cause`. For adapters (an HTTP layer, a CLI) that turn errors
 * into responses.
 *
 * @example
 * catch (e) { const error = toRapportError(e); reply.status(statusOf(error.code)).send(error.message); }
 */
export function toRapportError(error: unknown, fields?: readonly string[]): RapportError {
  if (error instanceof RapportError) return error;
  const pg = pgErrorOf(error);
  const where = { table: pg?.table, constraint: pg?.constraint };
  if (pg?.code === UNIQUE_VIOLATION) {
    const keys = fields ?? fieldsOfDetail(pg.detail) ?? [];
    const named = keys.filter((key) => key !== 'tenant_id');
    return new DuplicateError(
      `A ${tableNoun(pg.table)} with the same ${named.length > 0 ? named.join(', ') : 'key'} already exists; nothing was changed`,
      { fields: keys, details: where, cause: error },
    );
  }
  if (pg?.code === FOREIGN_KEY_VIOLATION) {
    return new ConflictError(
      `The change refers to a record that does not exist, or removes one that ${tableNoun(pg.table)} rows still refer to (${pg.constraint ?? 'foreign key'}); nothing was changed`,
      { details: where, cause: error },
    );
  }
  if (pg?.code === QUERY_CANCELED) {
    return new TimeoutError(
      'The call ran past its statement timeout (limits.statementTimeoutMs) and was rolled back; nothing was changed',
      { sqlState: pg.code },
      error,
    );
  }
  if ((pg && CONNECTION_LOST.test(pg.code)) || (!pg && isConnectionLost(error))) {
    return new UnavailableError(
      'The database connection was lost during the call; nothing was changed, retry it',
      { retryable: true, details: { sqlState: pg?.code ?? null }, cause: error },
    );
  }
  if (pg?.code.startsWith('22')) {
    // A value PostgreSQL cannot store (NUL in text, a malformed id, an out-of-range date) that got past
    // the boundary's validation: still bad input, not a crash.
    const message = error instanceof Error ? error.message : String(error);
    return Object.assign(
      new InvalidDataError('data', [{ path: pg.column ?? '', message, code: 'invalid_value' }]),
      { cause: error },
    );
  }
  const retryable = pg && RETRYABLE_CODES[pg.code];
  if (retryable) {
    return new ConflictError(`The command was interrupted: ${retryable}; nothing was changed, retry it`, {
      retryable: true,
      details: { sqlState: pg.code },
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new RapportError(ErrorCode.INTERNAL, `Unexpected failure: ${message}`, { cause: error });
}

function tableNoun(table: string | undefined): string {
  return table ? `${table} row` : 'record';
}

/** Runs one catalog query (outside the failed transaction). */
export type CatalogQuery = (text: string, values: readonly unknown[]) => Promise<Array<{ field: string }>>;

/**
 * Maps the database errors of the outermost transaction, once for every command. Row-level security
 * and column privileges may hide a unique violation's `detail`, so the key's columns are read from the
 * catalog by constraint name (once per constraint, then cached).
 */
export class DatabaseErrorMapper {
  private readonly keys = new Map<string, Promise<string[]>>();

  constructor(private readonly query: CatalogQuery) {}

  /** The typed error for `error`; errors that are neither Rapport nor database errors pass unchanged. */
  async map(error: unknown): Promise<unknown> {
    if (error instanceof RapportError) return error;
    const pg = pgErrorOf(error);
    if (!pg) return isConnectionLost(error) ? toRapportError(error) : error;
    if (pg.code !== UNIQUE_VIOLATION) {
      const mapped = toRapportError(error);
      return mapped.code === ErrorCode.INTERNAL ? error : mapped;
    }
    const fields = fieldsOfDetail(pg.detail) ?? (pg.constraint ? await this.keyFields(pg) : undefined);
    return toRapportError(error, fields);
  }

  private keyFields(pg: PgErrorFields): Promise<string[]> {
    const key = `${pg.schema ?? ''}.${pg.constraint}`;
    let fields = this.keys.get(key);
    if (!fields) {
      fields = this.query(
        `select a.attname as field
           from pg_class i
           join pg_index x on x.indexrelid = i.oid
           join pg_attribute a on a.attrelid = x.indrelid and a.attnum = any(x.indkey::int2[])
          where i.relname = $1 and ($2::text is null or i.relnamespace = $2::regnamespace)
          order by array_position(x.indkey::int2[], a.attnum)`,
        [pg.constraint, pg.schema ?? null],
      ).then(
        (rows) => rows.map((row) => row.field),
        () => {
          this.keys.delete(key);
          return [];
        },
      );
      this.keys.set(key, fields);
    }
    return fields;
  }
}
