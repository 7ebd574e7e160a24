import type { z } from 'zod';

/** The closed set of error codes every Rapport package throws. */
export const ErrorCode = {
  NOT_FOUND: 'NOT_FOUND',
  INVALID_DATA: 'INVALID_DATA',
  DUPLICATE: 'DUPLICATE',
  CONFLICT: 'CONFLICT',
  NOT_ALLOWED: 'NOT_ALLOWED',
  VETOED: 'VETOED',
  PLUGIN_MISCONFIGURED: 'PLUGIN_MISCONFIGURED',
  /** The CRM cannot serve the call now (closed, or its database connection was lost); see `retryable`. */
  UNAVAILABLE: 'UNAVAILABLE',
  /** The call ran longer than its configured statement timeout and was rolled back. */
  TIMEOUT: 'TIMEOUT',
  /** An unexpected failure (a bug, a lost connection): `toRapportError` wraps it, keeping the cause. */
  INTERNAL: 'INTERNAL',
} as const;

/** One of the {@link ErrorCode} values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Options accepted by {@link RapportError}. */
export interface RapportErrorOptions {
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * The one error class of Rapport: a code from a closed set, a message a person can act on, and details.
 *
 * @example
 * try { await crm.services.tenants.create(ctx, { name: '' }); }
 * catch (e) { if (e instanceof RapportError && e.code === 'INVALID_DATA') console.log(e.details); }
 */
export class RapportError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: RapportErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RapportError';
    this.code = code;
    this.details = options.details ?? {};
  }

  /** True when `error` is a RapportError, optionally with the given code. */
  static is(error: unknown, code?: ErrorCode): error is RapportError {
    return error instanceof RapportError && (code === undefined || error.code === code);
  }
}

/** One offending field of an {@link InvalidDataError}. */
export interface FieldIssue {
  /** Dotted path of the field, e.g. `contacts.0.email`; empty for the value as a whole. */
  path: string;
  message: string;
  code: string;
}

/** Bad input: lists every offending field path. */
export class InvalidDataError extends RapportError {
  readonly issues: FieldIssue[];

  constructor(what: string, issues: FieldIssue[]) {
    const fields = issues.map((i) => i.path || '(root)').join(', ');
    super(ErrorCode.INVALID_DATA, `Invalid ${what}: ${fields}`, { details: { issues } });
    this.name = 'InvalidDataError';
    this.issues = issues;
  }

  /** Converts a zod error into an InvalidDataError, keeping every issue's path. */
  static fromZod(what: string, error: z.ZodError, prefix: readonly PropertyKey[] = []): InvalidDataError {
    return new InvalidDataError(
      what,
      error.issues.map((issue) => ({
        path: [...prefix, ...issue.path].map(String).join('.'),
        message: issue.message,
        code: issue.code,
      })),
    );
  }
}

/** A record that does not exist (or is not visible to the caller). */
export class NotFoundError extends RapportError {
  constructor(what: string, id: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.NOT_FOUND, `${what} ${id} was not found`, { details: { what, id, ...details } });
    this.name = 'NotFoundError';
  }
}

/** The caller may not perform this action; nothing was changed. */
export class NotAllowedError extends RapportError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.NOT_ALLOWED, message, { details });
    this.name = 'NotAllowedError';
  }
}

/** A hook tap refused the command; the transaction was rolled back. */
export class VetoError extends RapportError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.VETOED, message, { details });
    this.name = 'VetoError';
  }
}

/** Options of {@link ConflictError}. */
export interface ConflictErrorOptions {
  details?: Record<string, unknown>;
  /** True when the same command may succeed if simply run again (a deadlock, a serialization failure). */
  retryable?: boolean;
  cause?: unknown;
}

/**
 * The command collides with the current state or with a concurrent command; nothing was changed.
 * `retryable` says whether running it again unchanged may succeed.
 *
 * @example
 * catch (e) { if (e instanceof ConflictError && e.retryable) return retry(); }
 */
export class ConflictError extends RapportError {
  readonly retryable: boolean;

  constructor(message: string, options: ConflictErrorOptions = {}) {
    const retryable = options.retryable ?? false;
    super(ErrorCode.CONFLICT, message, { details: { ...options.details, retryable }, cause: options.cause });
    this.name = 'ConflictError';
    this.retryable = retryable;
  }
}

/** Options of {@link DuplicateError}. */
export interface DuplicateErrorOptions {
  /** The fields whose values already exist (e.g. `['tenant_id', 'name']`). */
  fields: readonly string[];
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** A record with the same unique fields already exists; names those fields. Nothing was changed. */
export class DuplicateError extends RapportError {
  readonly fields: readonly string[];

  constructor(message: string, options: DuplicateErrorOptions) {
    super(ErrorCode.DUPLICATE, message, {
      details: { ...options.details, fields: [...options.fields] },
      cause: options.cause,
    });
    this.name = 'DuplicateError';
    this.fields = options.fields;
  }
}

/** The plugin set or a plugin's configuration cannot work; names the plugins involved. */
export class PluginError extends RapportError {
  constructor(message: string, details: Record<string, unknown> & { plugins: string[] }) {
    super(ErrorCode.PLUGIN_MISCONFIGURED, message, { details });
    this.name = 'PluginError';
  }
}

/** Options of {@link UnavailableError}. */
export interface UnavailableErrorOptions {
  /** True when the same call may succeed if simply run again (a lost connection). */
  retryable?: boolean;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** The CRM could not serve the call (its database connection was lost, say); nothing was changed. */
export class UnavailableError extends RapportError {
  readonly retryable: boolean;

  constructor(message: string, options: UnavailableErrorOptions = {}) {
    const retryable = options.retryable ?? false;
    super(ErrorCode.UNAVAILABLE, message, {
      details: { ...options.details, retryable },
      cause: options.cause,
    });
    this.name = 'UnavailableError';
    this.retryable = retryable;
  }
}

/** The CRM is closed (or closing): it accepts no new call; a call it rolled back on close ends with it too. */
export class ClosedError extends UnavailableError {
  constructor(message = 'This CRM is closed; create a new one with createCrm()', cause?: unknown) {
    super(message, { details: { closed: true }, cause });
    this.name = 'ClosedError';
  }
}

/** The call ran past its statement timeout (`limits.statementTimeout`) and was rolled back. */
export class TimeoutError extends RapportError {
  constructor(message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(ErrorCode.TIMEOUT, message, { details, cause });
    this.name = 'TimeoutError';
  }
}
