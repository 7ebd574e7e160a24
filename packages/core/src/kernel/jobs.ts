import { PgBoss } from 'pg-boss';
import type { DependencyContainer } from 'tsyringe';
import type { z } from 'zod';
import { isTimeZone } from '../values/time.js';
import {
  type CallContext,
  createCallContext,
  type EnqueueOptions,
  type JobMap,
  type TxContext,
} from './context.js';
import { type JobSender, runInJobScope } from './database.js';
import { PluginError, RapportError } from './errors.js';
import type { Logger } from './logger.js';
import { cronProblem } from './schedule.js';
import { parse } from './validation.js';

/** What a job handler receives. */
export interface JobRun<D> {
  id: string;
  data: D;
  /** The tenant and actor of the command that enqueued the job. */
  ctx: CallContext;
  /** How many times this job has already been retried. */
  retryCount: number;
  /** The CRM's container, to resolve services. */
  container: DependencyContainer;
  /**
   * Aborted when the queue starts stopping (`crm.close()`) or gives up on the job: a long-running
   * handler (a direct-mail dispatcher, say) stops at its next safe point and leaves the rest to a job
   * of its own, instead of holding shutdown up.
   */
  signal: AbortSignal;
}

/** When a job runs by itself: a cron expression (five fields) in a time zone (default UTC). */
export interface JobSchedule {
  cron: string;
  tz?: string;
}

/** A durable job type: validated payload, retry policy, optional schedule and handler. */
export interface JobDefinition<D = unknown> {
  /** Validates the payload when it is enqueued. */
  schema?: z.ZodType<D>;
  retry?: { limit?: number; delaySeconds?: number; backoff?: boolean };
  /**
   * Runs the job on a schedule, once per tenant: on each tick one job per tenant is enqueued with the
   * payload `{}` (so `schema` must accept it) and the system actor `{ kind: 'system', name: 'scheduler' }`,
   * so handlers get a tenant context and row-level security applies as for any job. A function
   * receives the plugin's validated options (return null for no schedule).
   */
  schedule?: JobSchedule | ((pluginOptions: any) => JobSchedule | null);
  /** Runs after the enqueuing transaction committed; throwing makes the job retry. */
  handle(job: JobRun<D>): Promise<void>;
}

/** The jobs a plugin defines, keyed by name (`JobMap` gives the payload types). */
export type JobDefinitions = { [K in keyof JobMap]?: JobDefinition<JobMap[K]> } & Record<
  string,
  JobDefinition<any>
>;

/** Options of the durable job queue. */
export interface JobQueueOptions {
  /** Start workers in this process (default true); producers-only processes set false. */
  workers: boolean;
  /** PostgreSQL schema of the queue tables. */
  schema: string;
  /** How often idle workers poll, in seconds. */
  pollingIntervalSeconds: number;
  /** Wake workers by LISTEN/NOTIFY when a job is committed (polling stays as the floor). */
  listenNotify?: boolean;
}

interface JobEnvelope {
  tenantId: string;
  actor: CallContext['actor'];
  data: unknown;
}

/** The payload pg-boss sends on a schedule's tick; the worker fans it out into one job per tenant. */
interface ScheduleTick {
  tick: true;
}

/** Options of {@link JobQueue.drain}. */
export interface DrainOptions {
  /** Only these job types (default every defined one). */
  names?: readonly string[];
  /** Also run jobs whose start is in the future (delayed, or waiting to retry) now (default false). */
  delayed?: boolean;
  /** Give up after running this many jobs, in case jobs keep enqueuing jobs (default 1000). */
  limit?: number;
}

/** What {@link JobQueue.drain} ran. */
export interface DrainResult {
  /** Jobs that completed, in the order they ran. */
  completed: Array<{ name: string; id: string }>;
  /** Attempts that threw; pg-boss retries them while retries remain. */
  failed: Array<{ name: string; id: string; error: unknown }>;
}

/** The actor of scheduled jobs. */
export const SCHEDULER_ACTOR = Object.freeze({ kind: 'system', name: 'scheduler' } as const);

/**
 * The durable queue (pg-boss in the CRM's own database). Jobs are written on the caller's transaction
 * connection, so a job exists if and only if the command that enqueued it committed.
 */
export class JobQueue implements JobSender {
  private readonly definitions = new Map<
    string,
    { plugin: string; definition: JobDefinition<any>; schedule: JobSchedule | null }
  >();
  private boss: PgBoss | undefined;
  private readonly stopping = new AbortController();

  constructor(
    private readonly url: string,
    private readonly options: JobQueueOptions,
    private readonly container: DependencyContainer,
    private readonly logger: Logger,
  ) {}

  /**
   * Registers a job type, with its schedule resolved against the plugin's validated options; a name
   * defined twice is a plugin error naming both plugins.
   */
  define(plugin: string, name: string, definition: JobDefinition<any>, pluginOptions?: unknown): void {
    const existing = this.definitions.get(name);
    if (existing) {
      throw new PluginError(`Job "${name}" is defined by both ${existing.plugin} and ${plugin}`, {
        plugins: [existing.plugin, plugin],
        job: name,
      });
    }
    const schedule =
      typeof definition.schedule === 'function'
        ? definition.schedule(pluginOptions)
        : (definition.schedule ?? null);
    if (schedule) checkSchedule(plugin, name, schedule);
    this.definitions.set(name, { plugin, definition, schedule });
  }

  /** The resolved schedules of the defined jobs, by job name (inspection and tests). */
  schedules(): Record<string, JobSchedule> {
    return Object.fromEntries(
      [...this.definitions]
        .filter(([, entry]) => entry.schedule)
        .map(([name, entry]) => [name, entry.schedule!]),
    );
  }

  /** Installs the queue schema if needed, creates the queues and starts the workers. */
  async start(): Promise<void> {
    const notify = this.options.listenNotify ?? false;
    const boss = new PgBoss({
      connectionString: this.url,
      schema: this.options.schema,
      max: 4,
      useListenNotify: notify && this.options.workers,
    });
    boss.on('error', (error) => this.logger.error('job queue error', { error }));
    // Kept before starting: a start that fails half-way (an invalid schedule, a lost connection) has
    // opened connections that stop() must close.
    this.boss = boss;
    await boss.start();
    // Read once, so only a queue an older start made with another `notify` is updated.
    const existing = new Map((await boss.getQueues([...this.definitions.keys()])).map((q) => [q.name, q]));
    for (const [name, { definition, schedule }] of this.definitions) {
      await boss.createQueue(name, {
        retryLimit: definition.retry?.limit ?? 5,
        retryDelay: definition.retry?.delaySeconds ?? 5,
        retryBackoff: definition.retry?.backoff ?? true,
        notify,
      });
      // A queue made by an older start keeps its settings: notify is switched on (or off) here.
      const made = existing.get(name);
      if (made && (made.notify ?? false) !== notify) await boss.updateQueue(name, { notify });
      // Upserted on every start, so a changed cron takes effect; removed when no longer scheduled.
      if (schedule) {
        await boss.schedule(name, schedule.cron, { tick: true } satisfies ScheduleTick, {
          tz: schedule.tz ?? 'UTC',
        });
      } else if (definition.schedule) {
        await boss.unschedule(name);
      }
      if (this.options.workers) {
        await boss.work<JobEnvelope | ScheduleTick>(
          name,
          {
            pollingIntervalSeconds: this.options.pollingIntervalSeconds,
            // NOTIFY wakes a worker for a job committed now; a job whose `startAfter` comes due, or a
            // schedule's tick, is still found by polling, so polling keeps its pace.
            notifyPollingIntervalSeconds: this.options.pollingIntervalSeconds,
            batchSize: 1,
            includeMetadata: true,
          },
          async ([job]) => {
            if (job) await this.run(name, definition, job);
          },
        );
      }
    }
  }

  /**
   * Runs queued jobs in this process until none is left, the jobs they enqueue included, and
   * returns what ran: tests see a job's effects without waiting for a worker to poll. Jobs taken
   * by a running worker meanwhile are waited for. Failed attempts are recorded as pg-boss would
   * (retry or fail); with `delayed`, retries due later run at once too.
   */
  async drain(options: DrainOptions = {}): Promise<DrainResult> {
    const boss = this.requireBoss();
    const names = options.names ? [...options.names] : [...this.definitions.keys()];
    for (const name of names) {
      if (!this.definitions.has(name)) {
        throw new PluginError(`No installed plugin defines the job "${name}"`, { plugins: [], job: name });
      }
    }
    const limit = options.limit ?? 1000;
    const result: DrainResult = { completed: [], failed: [] };
    const table = `${this.options.schema}.job`;
    for (;;) {
      if (options.delayed) {
        await boss
          .getDb()
          .executeSql(
            `update ${table} set start_after = now() where name = any($1) and state in ('created', 'retry') and start_after > now()`,
            [names],
          );
      }
      let ran = false;
      for (const name of names) {
        // Checked before fetching, so that no job is left taken (`active`) when it gives up.
        if (result.completed.length + result.failed.length >= limit) {
          throw new RapportError(
            'CONFLICT',
            `Draining the job queue ran ${limit} jobs and there may be more`,
            {
              details: { limit },
            },
          );
        }
        const [job] = await boss.fetch<JobEnvelope | ScheduleTick>(name, {
          batchSize: 1,
          includeMetadata: true,
        });
        if (!job) continue;
        ran = true;
        try {
          await this.run(name, this.definitions.get(name)!.definition, job);
          await boss.complete(name, job.id);
          result.completed.push({ name, id: job.id });
        } catch (error) {
          await boss.fail(name, job.id, { message: error instanceof Error ? error.message : String(error) });
          result.failed.push({ name, id: job.id, error });
        }
      }
      if (ran) continue;
      // A worker may hold a job (and the jobs it enqueues come after): wait for it, then look again.
      const active = await boss
        .getDb()
        .executeSql(`select 1 from ${table} where name = any($1) and state = 'active' limit 1`, [names]);
      if (active.rows.length === 0) return result;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Runs one fetched job: a schedule's tick fans out, anything else goes to its handler. */
  private async run(
    name: string,
    definition: JobDefinition<any>,
    job: { id: string; data: JobEnvelope | ScheduleTick; retryCount: number; signal?: AbortSignal },
  ): Promise<void> {
    if ((job.data as Partial<ScheduleTick>).tick === true) {
      await this.fanOut(name);
      return;
    }
    const envelope = job.data as JobEnvelope;
    const ctx = createCallContext({ tenantId: envelope.tenantId, actor: envelope.actor });
    await runInJobScope(() =>
      definition.handle({
        id: job.id,
        data: envelope.data,
        ctx,
        retryCount: job.retryCount,
        container: this.container,
        signal: job.signal ? AbortSignal.any([this.stopping.signal, job.signal]) : this.stopping.signal,
      }),
    );
  }

  /** Enqueues on the transaction's own connection (outbox): rolled back with it. */
  async send(tx: TxContext, name: string, data: unknown, options: EnqueueOptions = {}): Promise<string> {
    const entry = this.definitions.get(name);
    if (!entry) {
      throw new PluginError(`No installed plugin defines the job "${name}"`, { plugins: [], job: name });
    }
    const payload = entry.definition.schema ? parse(entry.definition.schema, data, `job ${name}`) : data;
    const envelope: JobEnvelope = { tenantId: tx.tenantId, actor: tx.actor, data: payload };
    const id = await this.requireBoss().send(name, envelope as unknown as object, {
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      db: { executeSql: async (text, values) => ({ rows: await tx.sql(text, values ?? []) }) },
    });
    if (id === null) return '';
    return id;
  }

  /** Enqueues many jobs of one kind with one insert on the transaction's connection. */
  async sendMany(tx: TxContext, name: string, items: readonly unknown[]): Promise<void> {
    if (items.length === 0) return;
    const entry = this.definitions.get(name);
    if (!entry) {
      throw new PluginError(`No installed plugin defines the job "${name}"`, { plugins: [], job: name });
    }
    const jobs = items.map((data, i) => {
      const payload = entry.definition.schema
        ? parse(entry.definition.schema, data, `job ${name} #${i}`)
        : data;
      const envelope: JobEnvelope = { tenantId: tx.tenantId, actor: tx.actor, data: payload };
      return { data: envelope as unknown as object };
    });
    await this.requireBoss().insert(name, jobs, {
      db: { executeSql: async (text, values) => ({ rows: await tx.sql(text, values ?? []) }) },
    });
  }

  /**
   * Sends one tick of a scheduled job now, as the schedule would: a worker fans it out into one job
   * per tenant (operators' "run now", and tests).
   */
  async tick(name: string): Promise<void> {
    const entry = this.definitions.get(name);
    if (!entry?.schedule) {
      throw new PluginError(`The job "${name}" has no schedule`, {
        plugins: entry ? [entry.plugin] : [],
        job: name,
      });
    }
    await this.requireBoss().send(name, { tick: true } satisfies ScheduleTick);
  }

  /**
   * Turns one scheduled tick into one job per tenant, in one insert, each run by the scheduler
   * actor for its tenant. Public so a test (or an operator) can run a tick on demand.
   */
  async fanOut(name: string): Promise<number> {
    const boss = this.requireBoss();
    if (!this.definitions.has(name)) {
      throw new PluginError(`No installed plugin defines the job "${name}"`, { plugins: [], job: name });
    }
    const tenants = await boss.getDb().executeSql('select id from core_tenant order by id', []);
    const jobs = tenants.rows.map((row: { id: string }) => {
      const envelope: JobEnvelope = { tenantId: row.id, actor: SCHEDULER_ACTOR, data: {} };
      return { data: envelope as unknown as object };
    });
    if (jobs.length > 0) await boss.insert(name, jobs);
    return jobs.length;
  }

  /** Finds jobs by name and state, for inspection and tests. */
  async list(name: string): Promise<{ id: string; state: string; data: unknown; tenantId: string }[]> {
    const boss = this.requireBoss();
    const rows = await boss
      .getDb()
      .executeSql(
        `select id, state, data from ${this.options.schema}.job where name = $1 order by created_on`,
        [name],
      );
    return rows.rows.map((r: { id: string; state: string; data: JobEnvelope }) => ({
      id: r.id,
      state: r.state,
      data: r.data.data,
      tenantId: r.data.tenantId,
    }));
  }

  /** Stops workers and timers and closes the queue's connections, waiting for running jobs. */
  async stop(): Promise<void> {
    const boss = this.boss;
    if (!boss) return;
    // Handlers still running may enqueue (a dispatcher hands its rest to a new job): the queue keeps
    // accepting jobs, written on their transactions' connections, until the stop has finished.
    this.stopping.abort();
    try {
      await boss.stop({ graceful: true, close: true, timeout: 10_000 });
    } finally {
      this.boss = undefined;
    }
  }

  private requireBoss(): PgBoss {
    if (!this.boss) throw new RapportError('CONFLICT', 'The job queue is not running (the CRM is closed)');
    return this.boss;
  }
}

/**
 * Refuses a schedule pg-boss would reject at start-up, naming the plugin and the job (plugins should
 * validate schedules in their options schemas with `JobScheduleSchema`; this catches the others).
 */
function checkSchedule(plugin: string, job: string, schedule: JobSchedule): void {
  const problem = cronProblem(schedule.cron);
  if (problem) {
    throw new PluginError(
      `The schedule of job "${job}" (${plugin}) has an invalid cron expression "${schedule.cron}": ${problem}`,
      {
        plugins: [plugin],
        job,
        cron: schedule.cron,
      },
    );
  }
  if (schedule.tz !== undefined && !isTimeZone(schedule.tz)) {
    throw new PluginError(
      `The schedule of job "${job}" (${plugin}) has an unknown time zone "${schedule.tz}"`,
      {
        plugins: [plugin],
        job,
        tz: schedule.tz,
      },
    );
  }
}
