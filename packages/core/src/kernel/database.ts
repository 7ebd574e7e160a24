import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { CompiledQuery, type Transaction } from 'kysely';
import type { DependencyContainer, InjectionToken } from 'tsyringe';
import type { CallContext, EnqueueOptions, JobMap, TxContext } from './context.js';
import { isTxContext } from './context.js';
import { DatabaseErrorMapper } from './database-errors.js';
import { kyselyOf, type RapportDb } from './db.js';
import { RapportError } from './errors.js';

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
  ) {
    this.sql = transactionRunner(trx);
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
}

/**
 * Opens the transactions every command runs in. The tenant and actor are handed to PostgreSQL as
 * transaction-local settings, which the row-level security policies read.
 */
export class Database {
  private closed = false;
  private readonly errors = new DatabaseErrorMapper((text, values) =>
    this.withoutTenant((sql) => sql<{ field: string }>(text, values)),
  );

  constructor(
    private readonly orm: MikroORM,
    private readonly jobs: JobSender,
    private readonly container: DependencyContainer,
  ) {}

  /**
   * Runs `fn` in one transaction for `ctx`; joins the transaction when `ctx` is already bound to one.
   * An error anywhere in `fn` (hooks included) rolls everything back. Database errors are mapped here,
   * once: unique violations to DUPLICATE, foreign-key violations to CONFLICT, serialization failures,
   * deadlocks and lock timeouts to a retryable CONFLICT.
   */
  async transaction<T>(ctx: CallContext, fn: (tx: TxContext) => Promise<T>): Promise<T> {
    if (isTxContext(ctx)) return fn(ctx);
    this.assertOpen();
    try {
      return await this.run(ctx, fn);
    } catch (error) {
      throw await this.errors.map(error);
    }
  }

  private run<T>(ctx: CallContext, fn: (tx: TxContext) => Promise<T>): Promise<T> {
    const em = this.orm.em.fork({ clear: true, useContext: false });
    return em.transactional(async (tem) => {
      const trx = tem.getTransactionContext() as Transaction<any>;
      const tx = new Tx(ctx.tenantId, ctx.actor, tem, trx, this.jobs, this.container);
      await tx.sql(`select set_config('app.tenant_id', $1, true), set_config('app.actor', $2, true)`, [
        ctx.tenantId,
        JSON.stringify(ctx.actor),
      ]);
      return fn(tx);
    });
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

  /** Refuses every later call with a typed error; called by `crm.close()` before connections go. */
  markClosed(): void {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed)
      throw new RapportError('CONFLICT', 'This CRM is closed; create a new one with createCrm()');
  }
}
