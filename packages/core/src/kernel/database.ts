import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { CompiledQuery, type Transaction } from 'kysely';
import pg from 'pg';
import type { DependencyContainer, InjectionToken } from 'tsyringe';
import { ACTOR_CHECK, type ActorCheck } from './actor-check.js';
import type { CallContext, EnqueueOptions, JobMap, TxContext } from './context.js';
import { isCallContext, isTxContext, registerTxContext } from './context.js';
import { DatabaseErrorMapper } from './database-errors.js';
import { kyselyOf, type RapportDb } from './db.js';
import { ClosedError, InvalidDataError, RapportError } from './errors.js';
import type { CallClass, Limits } from './limits.js';
import type { Logger } from './logger.js';

/** Sends jobs on a transaction's connection; implemented by the job queue. */
export interface JobSender {
  send(tx: TxContext, name: string, data: unknown, options?: EnqueueOptions): Promise<string>;
  sendMany(tx: TxContext, name: string, items: readonly unknown[]): Promise<void>;
}

/** Runs SQL with `$1` placeholders and returns the rows (timestamps come back as ISO-like strings). */
export type SqlRunner = <T = Record<string, unknown>>(
  text: string,
  values?: readonly unknown[],
) => Promise<T[]>;

/** A runner bound to one Kysely transaction (MikroORM 7's transaction context). */
export function transactionRunner(trx: Transaction<any>): SqlRunner {
  return async <T>(text: string, values: readonly unknown[] = []) => {
    const result = await trx.executeQuery<T>(CompiledQuery.raw(text, values as unknown[]));
    return result.rows;
  };
}

/** Options of {@link Database.transaction}. */
export interface TransactionOptions {
  /** Sets the statement timeout (`limits.statementTimeoutMs`): a command (default) or a report. */
  callClass?: CallClass;
  /**
   * The transaction creates its own tenant (`tenants.create`): the actor checks, which need the
   * tenant to exist, are skipped.
   */
  creatingTenant?: boolean;
}

/** One transaction in flight, as `close()` sees it. */
interface OpenCall {
  done: Promise<unknown>;
  /** The PostgreSQL backend running it, once it has a connection. */
  pid?: number;
  /** Set when `close()` gave up waiting: its next statement fails and it rolls back. */
  aborted: boolean;
  /** What `tx.afterRollback` registered: run when the transaction rolled back. */
  rollbacks?: Array<() => Promise<void> | void>;
}

// Set while a job handler runs: a closing CRM still lets running jobs finish their transactions.
const jobScope = new AsyncLocalStorage<true>();

/** Runs a job handler so that its transactions are still accepted while the CRM is closing. */
export function runInJobScope<T>(fn: () => Promise<T>): Promise<T> {
  return jobScope.run(true, fn);
}

class Tx implements TxContext {
  readonly sql: SqlRunner;
  private readonly memos = new Map<symbol, Promise<unknown>>();
  private kysely: RapportDb | undefined;

  constructor(
    readonly tenantId: string,
    readonly actor: CallContext['actor'],
    readonly em: EntityManager,
    trx: Transaction<any>,
    private readonly jobs: JobSender,
    private readonly container: DependencyContainer,
    private readonly call: OpenCall,
  ) {
    const run = transactionRunner(trx);
    this.sql = <T>(text: string, values?: readonly unknown[]) => {
      if (call.aborted)
        return Promise.reject(
          new ClosedError('The CRM closed while this call was running; it was rolled back'),
        );
      return run<T>(text, values);
    };
    registerTxContext(this);
  }

  get db(): RapportDb {
    this.kysely ??= kyselyOf(this.em);
    return this.kysely;
  }

  enqueueMany<N extends keyof JobMap & string>(name: N, items: ReadonlyArray<JobMap[N]>): Promise<void> {
    return this.jobs.sendMany(this, name, items);
  }

  resolve<T>(token: InjectionToken<T>): T {
    return this.container.resolve(token);
  }

  memo<T>(key: symbol, compute: () => Promise<T>): Promise<T> {
    let value = this.memos.get(key);
    if (!value) {
      value = compute();
      this.memos.set(key, value);
    }
    return value as Promise<T>;
  }

  enqueue<N extends keyof JobMap & string>(
    name: N,
    data: JobMap[N],
    options?: EnqueueOptions,
  ): Promise<string> {
    return this.jobs.send(this, name, data, options);
  }

  afterRollback(fn: () => Promise<void> | void): void {
    this.call.rollbacks ??= [];
    this.call.rollbacks.push(fn);
  }
}

/**
 * Opens the transactions every command runs in. The tenant and actor are handed to PostgreSQL as
 * transaction-local settings, which the row-level security policies read.
 */
export class Database {
  private state: 'open' | 'closing' | 'closed' = 'open';
  private readonly calls = new Set<OpenCall>();
  private actorChecks: ActorCheck[] | undefined;
  private readonly errors = new DatabaseErrorMapper((text, values) =>
    this.withoutTenant((sql) => sql<{ field: string }>(text, values)),
  );

  constructor(
    private readonly orm: MikroORM,
    private readonly jobs: JobSender,
    private readonly container: DependencyContainer,
    /** The limits in force (`createCrm({ limits })`). */
    readonly limits: Limits,
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  /**
   * Runs `fn` in one transaction for `ctx`; joins the transaction when `ctx` is already bound to one.
   * The context must come from `crm.context`. When the transaction opens, the registered actor checks
   * run once (the tenant exists, the employee acting is active), and the call class's statement
   * timeout is set. An error anywhere in `fn` (hooks included) rolls everything back. Database errors
   * are mapped here, once (see `toRapportError`).
   */
  async transaction<T>(
    ctx: CallContext,
    fn: (tx: TxContext) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    if (isTxContext(ctx)) return fn(ctx);
    if (!isCallContext(ctx)) {
      throw new InvalidDataError('call context', [
        {
          path: '',
          message: 'was not made by crm.context(): pass what crm.context({ tenantId, actor }) returns',
          code: 'invalid_type',
        },
      ]);
    }
    this.assertOpen();
    const call: OpenCall = { done: Promise.resolve(), aborted: false };
    const done = this.run(ctx, fn, options, call);
    call.done = done;
    this.calls.add(call);
    try {
      return await done;
    } catch (error) {
      await this.rolledBack(call);
      if (this.state !== 'open' && !(error instanceof RapportError)) {
        throw new ClosedError('The CRM closed while this call was running; it was rolled back', error);
      }
      throw await this.errors.map(error);
    } finally {
      this.calls.delete(call);
    }
  }

  private run<T>(
    ctx: CallContext,
    fn: (tx: TxContext) => Promise<T>,
    options: TransactionOptions,
    call: OpenCall,
  ): Promise<T> {
    const em = this.orm.em.fork({ clear: true, useContext: false });
    return em.transactional(async (tem) => {
      const trx = tem.getTransactionContext() as Transaction<any>;
      const tx = new Tx(ctx.tenantId, ctx.actor, tem, trx, this.jobs, this.container, call);
      const timeout = this.limits.statementTimeoutMs[options.callClass ?? 'command'];
      const checks = options.creatingTenant ? [] : this.checks();
      const params: unknown[] = [ctx.tenantId, JSON.stringify(ctx.actor), String(timeout)];
      const param = (value: unknown) => `$${params.push(value)}`;
      // The checks' rows are read in the same statement, once the settings are in force: a subquery
      // that refers to the settings' row runs after them (row-level security sees the tenant).
      const reads = checks.map((check, i) => {
        const sql = typeof check === 'function' ? null : check.query(ctx, param);
        return sql
          ? `, (select row_to_json(q) from (${sql}) q where bound.pid is not null) as check_${i}`
          : '';
      });
      const [row] = await tx.sql<Record<string, unknown>>(
        `with bound as materialized (
           select set_config('app.tenant_id', $1, true), set_config('app.actor', $2, true),
             set_config('statement_timeout', $3, true), pg_backend_pid() as pid
         )
         select bound.pid${reads.join('')} from bound`,
        params,
      );
      call.pid = row?.pid as number | undefined;
      for (const [i, check] of checks.entries()) {
        if (typeof check === 'function') await check(tx);
        else await check.check(tx, (row?.[`check_${i}`] as Record<string, unknown> | null) ?? null);
      }
      const result = await fn(tx);
      // Gave up on by close(): roll back rather than commit after the CRM said it was closed.
      if (call.aborted)
        throw new ClosedError('The CRM closed while this call was running; it was rolled back');
      return result;
    });
  }

  /** Runs what `tx.afterRollback` registered; their errors are logged, the call's own error stands. */
  private async rolledBack(call: OpenCall): Promise<void> {
    for (const fn of call.rollbacks ?? []) {
      try {
        await fn();
      } catch (error) {
        this.logger.error('an afterRollback callback failed', { error });
      }
    }
  }

  private checks(): ActorCheck[] {
    this.actorChecks ??= this.container.isRegistered(ACTOR_CHECK)
      ? this.container.resolveAll(ACTOR_CHECK)
      : [];
    return this.actorChecks;
  }

  /** Runs `fn` in a transaction without a tenant: for migrations and tenant-less system tables only. */
  async withoutTenant<T>(fn: (sql: SqlRunner) => Promise<T>): Promise<T> {
    this.assertOpen();
    const em = this.orm.em.fork({ clear: true, useContext: false });
    return em.transactional(async (tem) =>
      fn(transactionRunner(tem.getTransactionContext() as Transaction<any>)),
    );
  }

  /** Runs `fn` with a typed query builder (as `tx.db`) in a transaction without a tenant: tenant-less tables only. */
  async withoutTenantDb<T>(fn: (db: RapportDb) => Promise<T>): Promise<T> {
    this.assertOpen();
    const em = this.orm.em.fork({ clear: true, useContext: false });
    return em.transactional(async (tem) => fn(kyselyOf(tem)));
  }

  /** Refuses new calls with a {@link ClosedError} (running job handlers may still finish theirs). */
  beginClose(): void {
    if (this.state === 'open') this.state = 'closing';
  }

  /**
   * Waits up to `timeoutMs` for the transactions in flight; then cancels the statements of those
   * still running and rolls them back (they end with a {@link ClosedError}). Running job handlers may
   * still open transactions until {@link Database.markClosed}.
   */
  async drain(timeoutMs: number): Promise<void> {
    this.beginClose();
    const settled = () => Promise.allSettled([...this.calls].map((call) => call.done));
    if (!(await within(settled(), timeoutMs))) {
      const calls = [...this.calls];
      for (const call of calls) call.aborted = true;
      await this.cancel(calls.flatMap((call) => (call.pid === undefined ? [] : [call.pid])));
      if (!(await within(settled(), 5_000))) {
        this.logger.error('calls still running after close() cancelled them', { calls: this.calls.size });
      }
    }
  }

  /** Refuses every later call with a typed error; called by `crm.close()` before connections go. */
  markClosed(): void {
    this.state = 'closed';
  }

  /** Cancels the running statements of these backends, on a connection of its own (the pool may be full). */
  private async cancel(pids: number[]): Promise<void> {
    if (pids.length === 0) return;
    const client = new pg.Client({ connectionString: this.url });
    try {
      await client.connect();
      await client.query('select pg_cancel_backend(pid) from unnest($1::int[]) as pid', [pids]);
    } catch (error) {
      this.logger.error('could not cancel the calls still running on close()', { error });
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private assertOpen(): void {
    if (this.state === 'open' || (this.state === 'closing' && jobScope.getStore())) return;
    throw new ClosedError();
  }
}

/** True when `promise` settles within `ms` milliseconds (the timer does not hold the process). */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
