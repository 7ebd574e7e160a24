import {
  type Actor,
  definePlugin,
  JOB_QUEUE,
  JobScheduleSchema,
  type RapportError,
  SCHEDULER_ACTOR,
  z,
} from '@rapport/core/plugin';
import { createTestCrm, drainJobs, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const runs: Array<{ tenantId: string; actor: Actor; data: unknown }> = [];
const batches: number[][] = [];

declare module '@rapport/core/plugin' {
  interface JobMap {
    'sweeper.sweep': Record<string, never>;
    'sweeper.optional': Record<string, never>;
    'flaky.try': { label: string };
    'flaky.next': { label: string };
  }
}

/** A plugin with a job on a fixed schedule and one whose schedule its options turn off. */
const sweeper = definePlugin({
  name: 'sweeper',
  version: '1.0.0',
  options: z.object({ optional: z.boolean().default(false) }),
  jobs: {
    'sweeper.sweep': {
      schema: z.object({}).strict(),
      schedule: { cron: '0 3 * * *', tz: 'Europe/Vienna' },
      async handle(job) {
        runs.push({ tenantId: job.ctx.tenantId, actor: job.ctx.actor, data: job.data });
      },
    },
    'sweeper.optional': {
      schedule: (options: { optional: boolean }) => (options.optional ? { cron: '*/5 * * * *' } : null),
      async handle() {},
    },
  },
  setup(api) {
    api.tap('activitiesRecorded', async (entries) => {
      batches.push(entries.map((e) => e.durationSeconds ?? 0));
    });
  },
});

describe('scheduled jobs', () => {
  let env: TestCrm<[typeof sweeper]>;
  let tenants: string[];

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [sweeper] });
    tenants = [
      (await env.crm.services.tenants.create({ name: 'One' })).id,
      (await env.crm.services.tenants.create({ name: 'Two' })).id,
    ];
  });
  afterAll(() => env?.close());

  it('gives a job with a schedule a pg-boss schedule with its cron and time zone; an unscheduled one none', async () => {
    const rows = await env.database.adminQuery<{ name: string; cron: string; timezone: string }>(
      `select name, cron, timezone from rapport_jobs.schedule where name like 'sweeper.%' order by name`,
    );
    expect(rows).toEqual([{ name: 'sweeper.sweep', cron: '0 3 * * *', timezone: 'Europe/Vienna' }]);
    expect(env.crm.container.resolve(JOB_QUEUE).schedules()).toEqual({
      'sweeper.sweep': { cron: '0 3 * * *', tz: 'Europe/Vienna' },
    });
  });

  it('fans a tick out into one job per tenant, run by the scheduler actor with an empty payload', async () => {
    runs.length = 0;
    await env.crm.container.resolve(JOB_QUEUE).tick('sweeper.sweep');
    await drainJobs(env.crm, { names: ['sweeper.sweep'] });
    expect(runs).toHaveLength(2);
    expect(runs.map((r) => r.tenantId).sort()).toEqual([...tenants].sort());
    expect(runs.every((r) => r.actor.kind === 'system' && r.actor.name === SCHEDULER_ACTOR.name)).toBe(true);
    expect(runs.every((r) => JSON.stringify(r.data) === '{}')).toBe(true);
  });

  it('refuses a tick of a job without a schedule', async () => {
    await expect(env.crm.container.resolve(JOB_QUEUE).tick('sweeper.optional')).rejects.toMatchObject({
      code: 'PLUGIN_MISCONFIGURED',
    });
  });

  it('hands activitiesRecorded taps each recorded batch once, after the entries are written', async () => {
    const ctx = env.crm.context({ tenantId: tenants[0]!, actor: { kind: 'system', name: 'test' } });
    const { party } = await env.crm.services.parties.create(ctx, {
      kind: 'organization',
      organizationName: 'Batch Co',
    });
    batches.length = 0;
    await env.crm.services.journal.recordMany(ctx, [
      { type: 'meeting', parties: [{ partyId: party.id }], durationSeconds: 60 },
      { type: 'meeting', parties: [{ partyId: party.id }], durationSeconds: 120 },
    ]);
    await env.crm.services.journal.record(ctx, {
      type: 'meeting',
      parties: [{ partyId: party.id }],
      durationSeconds: 5,
    });
    expect(batches).toEqual([[60, 120], [5]]);
  });
});

describe('schedules are checked when the CRM is built', () => {
  const scheduled = (schedule: { cron: string; tz?: string }) =>
    definePlugin({
      name: 'badly-scheduled',
      version: '1.0.0',
      jobs: { 'sweeper.sweep': { schedule, async handle() {} } },
    });

  it('refuses a job whose cron expression pg-boss could not run, naming the plugin, the job and the cron', async () => {
    await expect(
      createTestCrm({ plugins: [scheduled({ cron: '61 * * * *' })], migrate: false }),
    ).rejects.toMatchObject({
      code: 'PLUGIN_MISCONFIGURED',
      details: { plugins: ['badly-scheduled'], job: 'sweeper.sweep', cron: '61 * * * *' },
    });
    await expect(
      createTestCrm({ plugins: [scheduled({ cron: '0 3 * *' })], migrate: false }),
    ).rejects.toThrow(/five fields/);
  });

  it('refuses a job scheduled in an unknown time zone', async () => {
    await expect(
      createTestCrm({ plugins: [scheduled({ cron: '0 3 * * *', tz: 'Mars/Olympus' })], migrate: false }),
    ).rejects.toMatchObject({ code: 'PLUGIN_MISCONFIGURED', details: { tz: 'Mars/Olympus' } });
  });

  it('reports a bad schedule in plugin options as invalid data naming the option', async () => {
    const configurable = definePlugin({
      name: 'configurable-schedule',
      version: '1.0.0',
      options: z.object({ sweep: JobScheduleSchema.prefault({ cron: '0 3 * * *' }) }),
    });
    const error = await createTestCrm({
      plugins: [configurable.configure({ sweep: { cron: 'every day', tz: 'Nowhere/Land' } })],
      migrate: false,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_DATA' });
    const issues = (error as RapportError).details.issues as { path: string; message: string }[];
    expect(issues.map((i) => i.path).sort()).toEqual(['sweep.cron', 'sweep.tz']);
    expect(JobScheduleSchema.parse({ cron: ' 5 4 * * 1-5 ' })).toEqual({ cron: '5 4 * * 1-5', tz: 'UTC' });
  });
});

describe('drainJobs', () => {
  const attempts: string[] = [];
  const done: string[] = [];
  /** A job that fails its first two attempts (retried a minute later), then enqueues a second job. */
  const flaky = definePlugin({
    name: 'flaky',
    version: '1.0.0',
    jobs: {
      'flaky.try': {
        retry: { limit: 3, delaySeconds: 60, backoff: false },
        async handle(job) {
          attempts.push(job.data.label);
          if (job.retryCount < 2) throw new Error(`attempt ${job.retryCount + 1} fails`);
          await env.crm.transaction(job.ctx, (tx) => tx.enqueue('flaky.next', { label: job.data.label }));
        },
      },
      'flaky.next': {
        async handle(job) {
          done.push(job.data.label);
        },
      },
    },
  });
  let env: TestCrm<[typeof flaky]>;

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [flaky] });
  });
  afterAll(() => env?.close());

  it('runs a due job once, records the failed attempt, and leaves its delayed retry alone', async () => {
    const tenant = await env.crm.services.tenants.create({ name: 'Flaky' });
    const ctx = env.crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'test' } });
    await env.crm.transaction(ctx, (tx) => tx.enqueue('flaky.try', { label: 'a' }));
    const first = await drainJobs(env.crm);
    expect(first.completed).toEqual([]);
    expect(first.failed.map((f) => [f.name, (f.error as Error).message])).toEqual([
      ['flaky.try', 'attempt 1 fails'],
    ]);
    expect((await env.crm.listJobs('flaky.try')).map((j) => j.state)).toEqual(['retry']);

    const rest = await drainJobs(env.crm, { delayed: true });
    expect(rest.failed).toHaveLength(1);
    expect(rest.completed.map((c) => c.name)).toEqual(['flaky.try', 'flaky.next']);
    expect(attempts).toEqual(['a', 'a', 'a']);
    expect(done).toEqual(['a']);
  });

  it('refuses to drain a job type no plugin defines', async () => {
    await expect(drainJobs(env.crm, { names: ['nobody.defines'] })).rejects.toMatchObject({
      code: 'PLUGIN_MISCONFIGURED',
    });
  });
});
