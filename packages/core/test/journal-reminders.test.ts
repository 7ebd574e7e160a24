import { type CallContext, definePlugin, type JournalEntry } from '@rapport/core/plugin';
import { createTestCrm, drainJobs, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Every reminder fired, in order. */
const fired: JournalEntry[] = [];
const reminders = definePlugin({
  name: 'reminder-probe',
  version: '1.0.0',
  setup(api) {
    api.tap('activityReminder', async (entry) => {
      fired.push(entry);
    });
  },
});

const firedFor = (id: string) => fired.filter((e) => e.id === id);

describe('reminders of planned work', () => {
  let env: TestCrm<[typeof reminders]>;
  let org: OrgFixture;
  let alice: CallContext;
  let customer: string;

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [reminders] });
    org = await seedOrganisation(env.crm);
    alice = org.as(org.alice);
    customer = (await env.crm.services.parties.create(alice, { kind: 'person', familyName: 'Reminded' }))
      .party.id;
  });
  afterAll(() => env?.close());

  const plan = async (dueAt: Date, remindMinutesBefore: number, title: string) =>
    (
      await env.crm.services.journal.record(alice, {
        type: 'task',
        status: 'planned',
        dueAt,
        remindMinutesBefore,
        parties: [{ partyId: customer }],
        data: { title },
      })
    ).entry;
  /** Runs every reminder job now, the delayed ones too (their time has come, as far as the test goes). */
  const remind = () => drainJobs(env.crm, { names: ['core.journal.reminder'], delayed: true });
  /** The states of the entry's reminder jobs. */
  const states = async (entryId: string) =>
    (await env.crm.listJobs('core.journal.reminder'))
      .filter((j) => (j.data as { entryId: string }).entryId === entryId)
      .map((j) => j.state);

  it('fires activityReminder once when planned work is due to be reminded', async () => {
    const entry = await plan(new Date(Date.now() + 5 * 60_000), 10, 'Call back');
    await remind();
    expect(firedFor(entry.id)).toEqual([entry]);
    expect(await states(entry.id)).toEqual(['completed']);
  });

  it('fires the reminder through the real pg-boss worker', async () => {
    await using worked = await createTestCrm({ plugins: [reminders], jobs: { workers: true } });
    const acme = await seedOrganisation(worked.crm, 'Worked');
    const ctx = acme.as(acme.alice);
    const { party } = await worked.crm.services.parties.create(ctx, { kind: 'person', familyName: 'Worked' });
    const { entry } = await worked.crm.services.journal.record(ctx, {
      type: 'task',
      status: 'planned',
      dueAt: new Date(Date.now() + 5 * 60_000),
      remindMinutesBefore: 10,
      parties: [{ partyId: party.id }],
      data: { title: 'Due already' },
    });
    await expect.poll(() => firedFor(entry.id).length, { timeout: 20_000 }).toBe(1);
  });

  it('fires once even when the reminder is triggered twice', async () => {
    const entry = await plan(new Date(Date.now() + 5 * 60_000), 10, 'Send the offer');
    await env.crm.transaction(alice, (tx) =>
      tx.enqueue('core.journal.reminder', { entryId: entry.id, dueAt: entry.dueAt!.toISOString() }),
    );
    await remind();
    expect(await states(entry.id)).toEqual(['completed', 'completed']);
    expect(firedFor(entry.id)).toHaveLength(1);
  });

  it('does not remind of work completed before the reminder was due', async () => {
    const entry = await plan(new Date(Date.now() + 60_000), 0, 'Finish early');
    const done = await env.crm.services.agenda.complete(alice, entry.id, { outcome: 'done already' });
    await remind();
    expect(await states(entry.id)).toEqual(['completed']);
    expect(firedFor(entry.id)).toEqual([]);
    expect(firedFor(done.id)).toEqual([]);
  });

  it('still reminds of planned work amended without moving its due time, as amended', async () => {
    const entry = await plan(new Date(Date.now() + 60_000), 0, 'Amend me');
    const amended = await env.crm.services.journal.amend(alice, entry.id, {
      notes: 'bring the samples',
      reason: 'more detail',
    });
    await remind();
    expect(firedFor(amended.id)).toHaveLength(1);
    expect(firedFor(amended.id)[0]!.notes).toBe('bring the samples');
    expect(firedFor(entry.id)).toEqual([]);
  });

  it('reminds the heir of planned work handed over when its agent left', async () => {
    const leaver = await env.crm.services.employees.create(org.system, {
      name: 'Leaver',
      email: 'leaver@acme.test',
      departmentId: org.departments.north,
      role: 'agent',
    });
    const ctx = org.as(leaver);
    const { party } = await env.crm.services.parties.create(ctx, {
      kind: 'person',
      familyName: 'Handed over',
    });
    const { entry } = await env.crm.services.journal.record(ctx, {
      type: 'task',
      status: 'planned',
      dueAt: new Date(Date.now() + 60_000),
      remindMinutesBefore: 0,
      parties: [{ partyId: party.id }],
      data: { title: 'Call the handed-over customer' },
    });
    await env.crm.services.employees.deactivate(org.as(org.admin), leaver.id, {
      heirId: org.bob.id,
      reason: 'left',
    });
    const [, handed] = await env.crm.services.journal.trail(org.as(org.admin), entry.id);
    await remind();
    expect(firedFor(handed!.id)).toHaveLength(1);
    expect(firedFor(handed!.id)[0]!.assigneeId).toBe(org.bob.id);
    expect(firedFor(entry.id)).toEqual([]);
  });

  it('reminds of rescheduled work at its new time, and not at the old one', async () => {
    const entry = await plan(new Date(Date.now() + 60_000), 0, 'Move me');
    const newDue = new Date(Date.now() + 5 * 60_000);
    const moved = await env.crm.services.agenda.reschedule(alice, entry.id, newDue, {
      remindMinutesBefore: 10,
    });
    await remind();
    expect(firedFor(moved.id)).toHaveLength(1);
    expect(firedFor(moved.id)[0]!.dueAt).toEqual(newDue);
    expect(await states(entry.id)).toEqual(['completed']);
    expect(firedFor(entry.id)).toEqual([]);
    expect(await states(moved.id)).toEqual(['completed']);
  });
});
