import type { EntityManager } from '@mikro-orm/postgresql';
import type { InjectionToken } from 'tsyringe';
import { z } from 'zod';
import type { RapportDb } from './db.js';
import { parse } from './validation.js';

/** Who performs a call: an employee, or a named system process (an importer, a scheduled job). */
export type Actor = { kind: 'employee'; id: string } | { kind: 'system'; name: string };

/** Every call runs for one tenant and one actor. */
export interface CallContext {
  readonly tenantId: string;
  readonly actor: Actor;
}

/** Options for enqueuing a durable job inside a transaction. */
export interface EnqueueOptions {
  /** Earliest time the job may run. */
  startAfter?: Date;
  /** A job with the same key that is still pending is not enqueued twice. */
  singletonKey?: string;
}

/**
 * A call context bound to an open database transaction. Hooks receive it, so everything a tap writes
 * through `em`, `sql` or `enqueue` commits or rolls back with the command.
 */
export interface TxContext extends CallContext {
  /** The MikroORM entity manager of this transaction (flushed before commit). */
  readonly em: EntityManager;
  /**
   * A Kysely query builder typed from the entities (entity names for tables, property names for
   * columns), on this transaction's connection; created on first use. Timestamps come back as `Date`,
   * decimals as exact strings.
   */
  readonly db: RapportDb;
  /** Runs SQL with `$1` placeholders on the transaction's connection; timestamps come back as strings. */
  sql<T = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<T[]>;
  /** Writes a durable job in this transaction: it exists if and only if the transaction commits. */
  enqueue<N extends keyof JobMap & string>(
    name: N,
    data: JobMap[N],
    options?: EnqueueOptions,
  ): Promise<string>;
  /** Writes many durable jobs of one kind in one statement, in this transaction (same guarantee as `enqueue`). */
  enqueueMany<N extends keyof JobMap & string>(name: N, items: ReadonlyArray<JobMap[N]>): Promise<void>;
  /** Resolves a service of this CRM (for free functions that only hold the transaction). */
  resolve<T>(token: InjectionToken<T>): T;
  /** Computes a value once per transaction (e.g. the actor's visibility) and reuses it. */
  memo<T>(key: symbol, compute: () => Promise<T>): Promise<T>;
  /**
   * Runs `fn` after this transaction rolled back (never after a commit): to undo what lives outside
   * PostgreSQL (an object written to S3). Runs once the outermost call has ended, in registration
   * order; an error of `fn` is logged, not thrown. Best effort: a crash skips it, so keep a sweep.
   */
  afterRollback(fn: () => Promise<void> | void): void;
}

/**
 * Payload types of the durable jobs, keyed by job name; plugins add theirs by declaration merging.
 *
 * @example
 * declare module '@rapport/core/plugin' { interface JobMap { 'mail.send': { messageId: string } } }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging
export interface JobMap {}

const ActorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('employee'), id: z.uuid().transform((id) => id.toLowerCase()) }),
  z.object({
    kind: z.literal('system'),
    name: z
      .string()
      .max(200)
      .refine((name) => name.trim().length > 0, 'must name the system process (not blank)'),
  }),
]);

const CallContextSchema = z.object({
  tenantId: z.uuid().transform((id) => id.toLowerCase()),
  actor: ActorSchema,
});

// Contexts this package made: a look-alike object is refused, so every call's tenant and actor went
// through validation (and no object can pass itself off as bound to a transaction).
const callContexts = new WeakSet<object>();
const txContexts = new WeakSet<object>();

/** Validates and freezes a call context; a bad tenant id or actor is an invalid-data error. */
export function createCallContext(input: CallContext): CallContext {
  const { tenantId, actor } = parse(CallContextSchema, input, 'call context');
  const ctx = Object.freeze({ tenantId, actor: Object.freeze(actor) });
  callContexts.add(ctx);
  return ctx;
}

/** Records `tx` as a context bound to a transaction (the kernel's transaction runner calls it). */
export function registerTxContext(tx: TxContext): void {
  txContexts.add(tx);
}

/** True when `ctx` was made by `crm.context` (or is bound to a transaction). */
export function isCallContext(ctx: unknown): ctx is CallContext {
  return typeof ctx === 'object' && ctx !== null && (callContexts.has(ctx) || txContexts.has(ctx));
}

/** True when `ctx` is already bound to a transaction. */
export function isTxContext(ctx: CallContext): ctx is TxContext {
  return typeof ctx === 'object' && ctx !== null && txContexts.has(ctx);
}
