import { MikroORM } from '@mikro-orm/postgresql';
import { type DependencyContainer, Lifecycle, container as rootContainer } from 'tsyringe';
import { z } from 'zod';
import { type CallContext, createCallContext, type TxContext } from './context.js';
import { Database, type TransactionOptions } from './database.js';
import { PluginError } from './errors.js';
import { buildHooks, type CrmHooks } from './hooks.js';
import { JobQueue } from './jobs.js';
import { LIMITS, type LimitsInput, LimitsSchema } from './limits.js';
import { consoleLogger, type Logger } from './logger.js';
import { type AppliedMigration, Migrator, type PendingMigration } from './migrations.js';
import { ormOptions } from './orm-options.js';
import type { AnyPlugin, Plugin, ServiceDefinition, SetupApi } from './plugin.js';
import { orderPlugins } from './plugin-order.js';
import { CONTAINER, DATABASE, HOOKS, JOB_QUEUE, LOGGER, ORM } from './tokens.js';
import { parse } from './validation.js';

/** Options of the kernel (`createCrm` adds those of core's modules). */
export interface KernelOptions<P extends readonly AnyPlugin[] = readonly AnyPlugin[]> {
  database: {
    /** PostgreSQL URL. Connect as an ordinary role (not a superuser) so row-level security applies. */
    url: string;
    /** Maximum connections of the ORM's pool (default 10). */
    poolSize?: number;
    /** Log every query. */
    debug?: boolean;
  };
  /** The plugins to install; core is always installed first. */
  plugins?: P;
  jobs?: {
    /** Run job workers in this process (default true). */
    workers?: boolean;
    /** Schema of the queue tables (default `rapport_jobs`). */
    schema?: string;
    /** Idle polling interval of workers, in seconds (default 2). */
    pollingIntervalSeconds?: number;
    /**
     * Wake workers with PostgreSQL LISTEN/NOTIFY the moment a job is committed instead of at their
     * next poll (default true; one more connection). Through PgBouncer in transaction mode it cannot
     * listen: the queue logs a warning and keeps polling.
     */
    listenNotify?: boolean;
  };
  logger?: Logger;
  /** Limits on what one call may ask (ids per read, entries per batch, filter size…); see the README. */
  limits?: LimitsInput;
  /**
   * How long `close()` waits for the calls in flight before it cancels and rolls them back, in
   * milliseconds (default 10,000).
   */
  closeTimeoutMs?: number;
}

const OptionsSchema = z.object({
  database: z.object({
    url: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
    poolSize: z.int().min(1).max(200).default(10),
    debug: z.boolean().default(false),
  }),
  plugins: z
    .array(z.custom<AnyPlugin>((v) => typeof v === 'object' && v !== null && 'name' in v))
    .default([]),
  jobs: z
    .object({
      workers: z.boolean().default(true),
      schema: z
        .string()
        .regex(/^[a-z_][a-z0-9_]*$/)
        .default('rapport_jobs'),
      pollingIntervalSeconds: z.number().min(0.5).default(2),
      listenNotify: z.boolean().default(true),
    })
    .prefault({}),
  logger: z.custom<Logger>().optional(),
  limits: LimitsSchema,
  closeTimeoutMs: z.int().min(0).max(600_000).default(10_000),
});

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;
/** The services a plugin registers, typed by their keys. */
export type ServicesOf<T> =
  T extends Plugin<string, infer S, any, any>
    ? { readonly [K in keyof S]: S[K] extends ServiceDefinition<infer X> ? X : never }
    : never;

/** The services of the given plugins, typed. */
export type PluginServices<P extends readonly AnyPlugin[]> = UnionToIntersection<ServicesOf<P[number]>>;

/** One CRM instance with services `S`: its own container, hooks, ORM and job queue. */
export interface CrmInstance<S> {
  /** Core's and the plugins' services, typed by the plugins passed to `createCrm`. */
  readonly services: S;
  readonly hooks: Readonly<CrmHooks>;
  readonly container: DependencyContainer;
  /** The installed plugins, in dependency order. */
  readonly plugins: ReadonlyArray<{ name: string; version: string }>;
  /** False when the database role bypasses row-level security (a superuser): tenancy then rests on queries alone. */
  readonly rowLevelSecurity: boolean;
  /** Validates a tenant and actor into the context every call takes. */
  context(input: CallContext): CallContext;
  /** Runs `fn` in one transaction for `ctx` (joins an open one); `options.callClass` sets its statement timeout. */
  transaction<T>(
    ctx: CallContext,
    fn: (tx: TxContext) => Promise<T>,
    options?: Pick<TransactionOptions, 'callClass'>,
  ): Promise<T>;
  /** Applies core's migrations, then each plugin's in dependency order; idempotent. */
  migrate(): Promise<AppliedMigration[]>;
  /** The migrations `migrate()` would apply, without applying them. */
  pendingMigrations(): Promise<PendingMigration[]>;
  /** Lists the jobs of one queue (inspection and tests). */
  listJobs(name: string): ReturnType<JobQueue['list']>;
  /**
   * Refuses new calls (a `ClosedError`), waits for the calls in flight up to `closeTimeoutMs` (then
   * cancels and rolls them back: they end with a `ClosedError`), stops workers and timers, runs
   * teardowns and closes every connection. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Starts one CRM with `modules` installed before the given plugins: validates the options, orders and
 * installs the plugins, starts the ORM and the job queue. Two CRMs in one process share nothing.
 * Applications call `createCrm`, which passes core's modules.
 */
export async function startCrm<S>(
  options: KernelOptions,
  modules: readonly AnyPlugin[],
  what = 'CRM options',
): Promise<CrmInstance<S>> {
  const opts = parse(OptionsSchema, options, what);
  const logger = opts.logger ?? consoleLogger;
  const plugins = orderPlugins([...modules, ...opts.plugins]);
  const pluginOptions = new Map(
    plugins.map((plugin) => [
      plugin.name,
      plugin.options
        ? parse(plugin.options, plugin.configuredOptions ?? {}, `options of plugin ${plugin.name}`)
        : {},
    ]),
  );
  const hooks = buildHooks(plugins.map((plugin) => ({ plugin: plugin.name, hooks: plugin.hooks ?? {} })));
  const container = rootContainer.createChildContainer();
  const orm = await MikroORM.init({
    clientUrl: opts.database.url,
    entities: plugins.flatMap((plugin) => [...(plugin.entities ?? [])]),
    pool: { max: opts.database.poolSize },
    debug: opts.database.debug,
    allowGlobalContext: false,
    ...ormOptions({ jobsSchema: opts.jobs.schema }),
  });
  let db: Database | undefined;
  let jobs: JobQueue | undefined;
  // Undone in reverse order on close, or when start-up fails half-way (nothing may leak).
  const teardowns: Array<() => unknown> = [() => closeOrm(orm, logger)];
  const close = async () => {
    db?.beginClose();
    const stopping = jobs?.stop();
    await db?.drain(opts.closeTimeoutMs);
    await stopping?.catch((error: unknown) => logger.error('error while stopping the job queue', { error }));
    while (teardowns.length > 0) {
      const teardown = teardowns.pop()!;
      try {
        await teardown();
      } catch (error) {
        logger.error('error while closing the CRM', { error });
      }
    }
  };
  try {
    const queue = new JobQueue(
      opts.database.url,
      {
        workers: opts.jobs.workers,
        schema: opts.jobs.schema,
        pollingIntervalSeconds: opts.jobs.pollingIntervalSeconds,
        listenNotify: opts.jobs.listenNotify,
      },
      container,
      logger,
    );
    jobs = queue;
    const database = new Database(orm, queue, container, opts.limits, opts.database.url, logger);
    db = database;
    teardowns.push(() => database.markClosed());
    container.registerInstance(ORM, orm);
    container.registerInstance(DATABASE, database);
    container.registerInstance(HOOKS, hooks);
    container.registerInstance(JOB_QUEUE, queue);
    container.registerInstance(LOGGER, logger);
    container.registerInstance(LIMITS, opts.limits);
    container.registerInstance(CONTAINER, container);
    const serviceTokens = registerServices(container, plugins);
    for (const plugin of plugins) {
      const validated = pluginOptions.get(plugin.name);
      if (plugin.optionsToken) container.registerInstance(plugin.optionsToken, validated);
      for (const [name, definition] of Object.entries(plugin.jobs ?? {})) {
        if (definition) queue.define(plugin.name, name, definition, validated);
      }
    }
    for (const plugin of plugins) {
      const api: SetupApi<unknown> = {
        name: plugin.name,
        options: pluginOptions.get(plugin.name),
        hooks,
        container,
        logger,
        plugins,
        tap: (hook, fn, tapOptions) =>
          (hooks[hook] as { tapPromise(o: object, f: unknown): void }).tapPromise(
            { name: plugin.name, ...tapOptions },
            fn,
          ),
      };
      await plugin.setup?.(api);
      if (plugin.teardown) teardowns.push(() => plugin.teardown?.(api));
    }
    // Stopped by close() even when starting fails half-way (its pool is open from the first step).
    await queue.start();
    const migrator = new Migrator(
      database,
      plugins.map((plugin) => ({
        plugin: plugin.migrationLedger ?? plugin.name,
        migrations: plugin.migrations ?? [],
      })),
    );
    const rowLevelSecurity = await checkRowLevelSecurity(orm, logger);
    const services = Object.freeze(
      Object.fromEntries([...serviceTokens].map(([key, token]) => [key, container.resolve(token)])),
    ) as S;
    let closed = false;
    return Object.freeze({
      services,
      hooks,
      container,
      plugins: Object.freeze(plugins.map(({ name, version }) => Object.freeze({ name, version }))),
      rowLevelSecurity,
      context: createCallContext,
      transaction: (ctx, fn, options) => database.transaction(ctx, fn, { callClass: options?.callClass }),
      migrate: () => migrator.migrate(),
      pendingMigrations: () => migrator.pending(),
      listJobs: (name) => queue.list(name),
      async close() {
        if (closed) return;
        closed = true;
        await close();
      },
    } satisfies CrmInstance<S>);
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Closes the ORM's pool. A connection the server terminated mid-transaction can stay checked out of
 * the pool for ever (its rollback failed), and the pool's `end()` would wait for it: give up after a
 * few seconds, logging it, rather than hang `close()` (the dead connection holds nothing).
 */
async function closeOrm(orm: MikroORM, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), 5_000);
    timer.unref();
  });
  try {
    if ((await Promise.race([orm.close(true).then(() => 'closed' as const), gaveUp])) === 'timeout')
      logger.warn(
        'the database pool did not close within 5 s (a connection lost mid-command); left to the server',
      );
  } finally {
    clearTimeout(timer);
  }
}

function registerServices(container: DependencyContainer, plugins: readonly AnyPlugin[]) {
  const tokens = new Map<string, ServiceDefinition<unknown>['token']>();
  const owners = new Map<string, string>();
  for (const plugin of plugins) {
    for (const [key, definition] of Object.entries(plugin.services ?? {}) as [
      string,
      ServiceDefinition<unknown>,
    ][]) {
      const owner = owners.get(key);
      if (owner) {
        throw new PluginError(
          `Service "${key}" is registered by both ${owner} and ${plugin.name}: service names are one namespace across plugins (crm.services.${key}); rename one of them`,
          {
            plugins: [owner, plugin.name],
            service: key,
          },
        );
      }
      owners.set(key, plugin.name);
      tokens.set(key, definition.token);
      container.register(
        definition.token,
        { useClass: definition.useClass },
        { lifecycle: Lifecycle.Singleton },
      );
    }
  }
  return tokens;
}

async function checkRowLevelSecurity(orm: MikroORM, logger: Logger): Promise<boolean> {
  const [row] = await orm.em
    .fork()
    .execute<{ bypass: boolean }[]>(
      'select (rolsuper or rolbypassrls) as bypass from pg_roles where rolname = current_user',
    );
  if (row?.bypass) {
    logger.warn(
      'The database role bypasses row-level security (superuser or BYPASSRLS): tenant isolation rests on queries alone. Connect as an ordinary role.',
    );
    return false;
  }
  return true;
}
