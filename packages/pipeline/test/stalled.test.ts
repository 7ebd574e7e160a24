import { definePlugin, JOB_QUEUE } from '@rapport/core/plugin';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DealsStalledEvent, pipelinePlugin } from '../src/index.js';
import { adminSql, type PipelineFixture, seedPipeline } from './fixture.js';

const notified: Array<{ tenantId: string; event: DealsStalledEvent }> = [];

/** A messaging plugin's stand-in: it notifies each owner of their stalled deals. */
const notifier = definePlugin({
  name: 'stall-notifier',
  version: '1.0.0',
  dependencies: { '@rapport/pipeline': '^0.1.0' },
  setup(api) {
    api.tap('dealsStalled', async (event, tx) => {
      notified.push({ tenantId: tx.tenantId, event });
    });
  },
});

describe('stalled deals', () => {
  let env: TestCrm<[typeof pipelinePlugin, typeof notifier]>;
  let f: PipelineFixture;
  let other: PipelineFixture;
  const deals = () => env.crm.services.deals;

  beforeAll(async () => {
    env = await createTestCrm({
      plugins: [
        pipelinePlugin.configure({ stalledSchedule: { cron: '*/30 * * * *', tz: 'Europe/Berlin' } }),
        notifier,
      ],
      // Workers on: the tick test below is the end-to-end test of the job through pg-boss's worker.
      jobs: { workers: true },
    });
    f = await seedPipeline(env.crm);
    other = await seedPipeline(env.crm, { name: 'Other' });
  });
  afterAll(() => env?.close());

  /** Makes a deal look inactive since `days` ago (the API has no way to backdate a stage change). */
  const inactiveFor = (dealId: string, days: number) =>
    adminSql(
      env.database.adminUrl,
      `update pipeline_deal set last_activity_at = now() - make_interval(days => $2), stalled_at = null where id = $1`,
      [dealId, days],
    );
  const proposal = async (title: string, fx = f, customerId = fx.customers.globex, ownerId = fx.alice.id) => {
    const d = await deals().create(fx.system, { pipelineId: fx.pipeline.id, title, customerId, ownerId });
    return deals().move(fx.system, d.id, { stageId: fx.stages.proposal.id });
  };

  it("lists open deals inactive longer than their stage's limit, or a given period, visible to the actor", async () => {
    const old = await proposal('Old proposal');
    const fresh = await proposal('Fresh proposal');
    const lead = await deals().create(f.system, {
      pipelineId: f.pipeline.id,
      title: 'Old lead',
      customerId: f.customers.umbrella,
      ownerId: f.bob.id,
    });
    await inactiveFor(old.id, 20);
    await inactiveFor(fresh.id, 3);
    await inactiveFor(lead.id, 40);
    const byLimit = await deals().stalled(f.as(f.alice));
    expect(byLimit.map((d) => d.id)).toEqual([old.id]);
    expect(byLimit[0]).toMatchObject({
      stageName: 'Proposal',
      rottingDays: 14,
      inactiveDays: 20,
      ownerId: f.alice.id,
    });
    const byPeriod = await deals().stalled(f.as(f.manager), { olderThanDays: 2 });
    expect(byPeriod.map((d) => d.id)).toEqual([lead.id, old.id, fresh.id]);
    // Alice cannot see Bob's deal on Bob's customer.
    expect((await deals().stalled(f.as(f.alice), { olderThanDays: 2 })).map((d) => d.id)).toEqual([
      old.id,
      fresh.id,
    ]);
    expect(
      (await deals().stalled(f.as(f.manager), { olderThanDays: 2, ownerId: f.bob.id })).map((d) => d.id),
    ).toEqual([lead.id]);
  });

  it('an activity about the deal makes it current again (never backwards), set-based for a batch', async () => {
    const a = await proposal('Touched A');
    const b = await proposal('Touched B');
    await inactiveFor(a.id, 30);
    await inactiveFor(b.id, 30);
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
    await env.crm.services.journal.recordMany(f.as(f.alice), [
      {
        type: 'call_outgoing',
        parties: [{ partyId: f.customers.globex }],
        subject: { type: 'deal', id: a.id },
        occurredAt: tenDaysAgo,
      },
      { type: 'meeting', parties: [{ partyId: f.customers.globex }], subject: { type: 'deal', id: b.id } },
      {
        type: 'meeting',
        parties: [{ partyId: f.customers.globex }],
        subject: { type: 'deal', id: b.id },
        occurredAt: tenDaysAgo,
      },
    ]);
    const [after] = await adminSql<{ a: number; b: number }>(
      env.database.adminUrl,
      `select round(extract(epoch from now() - (select last_activity_at from pipeline_deal where id = $1)) / 86400)::int as a,
              round(extract(epoch from now() - (select last_activity_at from pipeline_deal where id = $2)) / 86400)::int as b`,
      [a.id, b.id],
    );
    expect(after).toEqual({ a: 10, b: 0 });
    expect((await deals().stalled(f.system)).map((d) => d.id)).not.toContain(b.id);
  });

  it('markStalled marks newly stalled deals once and hands them to dealsStalled grouped by owner', async () => {
    const mine = await proposal('Alice stalls');
    const bobs = await proposal('Bob stalls', f, f.customers.umbrella, f.bob.id);
    await inactiveFor(mine.id, 15);
    await inactiveFor(bobs.id, 15);
    notified.length = 0;
    const event = await deals().markStalled(f.system);
    expect(event.total).toBeGreaterThanOrEqual(2);
    const owners = Object.fromEntries(event.byOwner.map((g) => [g.ownerId, g.deals.map((d) => d.id)]));
    expect(owners[f.alice.id]).toContain(mine.id);
    expect(owners[f.bob.id]).toEqual([bobs.id]);
    expect(notified).toEqual([{ tenantId: f.tenantId, event }]);
    expect((await deals().get(f.system, mine.id)).stalledAt).toBeInstanceOf(Date);
    const again = await deals().markStalled(f.system);
    expect(again.total).toBe(0);
    expect(notified).toHaveLength(1);
    // An activity clears the mark; the deal can stall (and be notified) again later.
    await env.crm.services.journal.record(f.as(f.alice), {
      type: 'call_outgoing',
      parties: [{ partyId: f.customers.globex }],
      subject: { type: 'deal', id: mine.id },
    });
    expect((await deals().get(f.system, mine.id)).stalledAt).toBeNull();
    await expect(deals().markStalled(f.as(f.alice))).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
  });

  it('is scheduled with the configured cron, and a tick runs the job once per tenant as the scheduler', async () => {
    const [schedule] = await adminSql<{ cron: string; timezone: string }>(
      env.database.adminUrl,
      `select cron, timezone from rapport_jobs.schedule where name = 'pipeline.mark-stalled'`,
    );
    expect(schedule).toEqual({ cron: '*/30 * * * *', timezone: 'Europe/Berlin' });
    const theirs = await proposal('Other tenant stalls', other);
    const ours = await proposal('Our tenant stalls');
    await inactiveFor(theirs.id, 15);
    await inactiveFor(ours.id, 15);
    notified.length = 0;
    await env.crm.container.resolve(JOB_QUEUE).tick('pipeline.mark-stalled');
    await expect.poll(() => notified.length, { timeout: 20_000 }).toBe(2);
    const byTenant = Object.fromEntries(
      notified.map((n) => [n.tenantId, n.event.byOwner.flatMap((g) => g.deals.map((d) => d.id))]),
    );
    expect(byTenant[f.tenantId]).toEqual([ours.id]);
    expect(byTenant[other.tenantId]).toEqual([theirs.id]);
    const jobs = await env.crm.listJobs('pipeline.mark-stalled');
    expect(
      jobs
        .filter((j) => j.tenantId)
        .map((j) => j.tenantId)
        .sort(),
    ).toEqual([f.tenantId, other.tenantId].sort());
  });
});

describe('the stalled schedule option', () => {
  it('refuses a cron expression or a time zone pg-boss could not run, naming the option', async () => {
    const error = await createTestCrm({
      plugins: [pipelinePlugin.configure({ stalledSchedule: { cron: '5 25 * * *', tz: 'Europe/Atlantis' } })],
      migrate: false,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_DATA' });
    const issues = (error as { details: { issues: { path: string }[] } }).details.issues;
    expect(issues.map((i) => i.path).sort()).toEqual(['stalledSchedule.cron', 'stalledSchedule.tz']);
  });
});
