import { type Actor, definePlugin, JOB_QUEUE, SCHEDULER_ACTOR, z } from '@rapport/core/plugin';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const runs: Array<{ tenantId: string; actor: Actor; data: unknown }> = [];
const batches: number[][] = [];

declare module '@rapport/core/plugin' {
  interface JobMap {
    'sweeper.sweep': Record<string, never>;
    'sweeper.optional': Record<string, never>;
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

async function adminQuery<T>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

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
    const rows = await adminQuery<{ name: string; cron: string; timezone: string }>(
      env.database.adminUrl,
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
    await expect.poll(() => runs.length, { timeout: 20_000 }).toBe(2);
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
