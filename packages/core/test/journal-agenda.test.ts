import type { CallContext, Employee } from '@rapport/core';
import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const NOW = new Date('2030-03-01T12:00:00Z');
const at = (minutesFromNow: number) => new Date(NOW.getTime() + minutesFromNow * 60_000);

describe('agenda of planned work', () => {
  let env: TestCrm<[]>;
  let org: OrgFixture;
  let agents = 0;

  beforeAll(async () => {
    env = await createTestCrm();
    org = await seedOrganisation(env.crm);
  });
  afterAll(() => env?.close());

  /** A new agent in the north team with one customer of their own: each test its own agenda. */
  const agentWithCustomer = async (): Promise<{ agent: Employee; ctx: CallContext; customer: string }> => {
    agents += 1;
    const agent = await env.crm.services.employees.create(org.system, {
      name: `Agent ${agents}`,
      email: `agent${agents}@acme.test`,
      departmentId: org.departments.north,
      role: 'agent',
    });
    const ctx = org.as(agent);
    const { party } = await env.crm.services.parties.create(ctx, {
      kind: 'person',
      familyName: `Customer ${agents}`,
    });
    return { agent, ctx, customer: party.id };
  };
  const plan = async (
    ctx: CallContext,
    customer: string,
    dueAt: Date,
    title: string,
    type: 'task' | 'visit' = 'task',
  ) =>
    (
      await env.crm.services.journal.record(ctx, {
        type,
        status: 'planned',
        dueAt,
        parties: [{ partyId: customer }],
        data: type === 'task' ? { title } : {},
        notes: title,
      })
    ).entry;
  const titles = (entries: Array<{ notes: string | null }>) => entries.map((e) => e.notes);

  it('lists an agent’s planned work in a window, soonest first', async () => {
    const { ctx, customer } = await agentWithCustomer();
    await plan(ctx, customer, at(120), 'later');
    await plan(ctx, customer, at(30), 'soon', 'visit');
    await plan(ctx, customer, at(60 * 24 * 3), 'next week');
    await env.crm.services.journal.record(ctx, {
      type: 'task',
      status: 'done',
      parties: [{ partyId: customer }],
      data: { title: 'x' },
      notes: 'done',
    });
    const agenda = await env.crm.services.agenda.agenda(ctx, { from: NOW, to: at(60 * 24) });
    expect(titles(agenda)).toEqual(['soon', 'later']);
  });

  it('lists overdue work: planned and past its due time', async () => {
    const { ctx, customer } = await agentWithCustomer();
    await plan(ctx, customer, at(-60 * 24), 'yesterday');
    await plan(ctx, customer, at(-5), 'five minutes ago');
    await plan(ctx, customer, at(5), 'in five minutes');
    expect(titles(await env.crm.services.agenda.overdue(ctx, { now: NOW }))).toEqual([
      'yesterday',
      'five minutes ago',
    ]);
  });

  it('lists work due soon: within the next minutes', async () => {
    const { ctx, customer } = await agentWithCustomer();
    await plan(ctx, customer, at(-5), 'overdue');
    await plan(ctx, customer, at(10), 'in ten minutes');
    await plan(ctx, customer, at(50), 'in fifty minutes');
    expect(titles(await env.crm.services.agenda.dueSoon(ctx, 30, { now: NOW }))).toEqual(['in ten minutes']);
  });

  it('shows a manager the agenda of an agent in their department', async () => {
    const { agent, ctx, customer } = await agentWithCustomer();
    await plan(ctx, customer, at(-10), 'overdue for the manager');
    await plan(ctx, customer, at(10), 'due for the manager');
    const manager = org.as(org.northManager);
    expect(
      titles(
        await env.crm.services.agenda.agenda(manager, { assigneeId: agent.id, from: at(-60), to: at(60) }),
      ),
    ).toEqual(['overdue for the manager', 'due for the manager']);
    expect(
      titles(await env.crm.services.agenda.overdue(manager, { assigneeId: agent.id, now: NOW })),
    ).toEqual(['overdue for the manager']);
    expect(
      titles(await env.crm.services.agenda.dueSoon(manager, 30, { assigneeId: agent.id, now: NOW })),
    ).toEqual(['due for the manager']);
  });

  it('hides planned work on customers the reader may not see', async () => {
    const { agent, ctx, customer } = await agentWithCustomer();
    await plan(ctx, customer, at(10), 'not for carol');
    expect(
      await env.crm.services.agenda.agenda(org.as(org.carol), {
        assigneeId: agent.id,
        from: NOW,
        to: at(60),
      }),
    ).toEqual([]);
  });

  it('asks a system actor which assignee’s agenda to read', async () => {
    await expect(env.crm.services.agenda.agenda(org.system)).rejects.toMatchObject({ code: 'INVALID_DATA' });
  });

  it('cancels planned work as a correction: the agenda drops it, the trail keeps both', async () => {
    const { ctx, customer } = await agentWithCustomer();
    const planned = await plan(ctx, customer, at(15), 'to cancel');
    const cancelled = await env.crm.services.agenda.cancel(ctx, planned.id, 'customer on holiday');
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      corrects: { id: planned.id, kind: 'amend', reason: 'customer on holiday' },
    });
    expect(await env.crm.services.agenda.agenda(ctx, { from: NOW, to: at(60) })).toEqual([]);
    const trail = await env.crm.services.journal.trail(ctx, planned.id);
    expect(trail.map((e) => [e.id, e.status, e.corrects?.reason ?? null])).toEqual([
      [planned.id, 'planned', null],
      [cancelled.id, 'cancelled', 'customer on holiday'],
    ]);
    expect(trail[0]!.supersededBy).toBe(cancelled.id);
  });

  it('reschedules planned work as a correction: the agenda shows the new time, the trail both', async () => {
    const { ctx, customer } = await agentWithCustomer();
    const planned = await plan(ctx, customer, at(15), 'to move');
    const moved = await env.crm.services.agenda.reschedule(ctx, planned.id, at(45), {
      reason: 'customer asked',
    });
    expect(moved).toMatchObject({ status: 'planned', dueAt: at(45), data: { title: 'to move' } });
    const agenda = await env.crm.services.agenda.agenda(ctx, { from: NOW, to: at(60) });
    expect(agenda.map((e) => [e.id, e.dueAt])).toEqual([[moved.id, at(45)]]);
    const trail = await env.crm.services.journal.trail(ctx, moved.id);
    expect(trail.map((e) => [e.dueAt, e.corrects?.reason ?? null])).toEqual([
      [at(15), null],
      [at(45), 'customer asked'],
    ]);
  });

  it('drops voided planned work from the agenda and the overdue list', async () => {
    const { ctx, customer } = await agentWithCustomer();
    const planned = await plan(ctx, customer, at(-15), 'recorded by mistake');
    const voided = await env.crm.services.journal.void(ctx, planned.id, 'wrong customer');
    expect(await env.crm.services.agenda.overdue(ctx, { now: NOW })).toEqual([]);
    expect(await env.crm.services.agenda.agenda(ctx, { from: at(-60), to: at(60) })).toEqual([]);
    await expect(env.crm.services.agenda.complete(ctx, voided.id, { outcome: 'x' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('completes planned work once when it is completed concurrently', async () => {
    const { ctx, customer } = await agentWithCustomer();
    const planned = await plan(ctx, customer, at(15), 'race');
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        env.crm.services.agenda.complete(ctx, planned.id, { outcome: `attempt ${i}` }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect(r.reason).toMatchObject({ code: 'CONFLICT' });
    expect(await env.crm.services.journal.trail(ctx, planned.id)).toHaveLength(2);
  });

  it('refuses to complete, cancel or reschedule work that is no longer planned', async () => {
    const { ctx, customer } = await agentWithCustomer();
    const planned = await plan(ctx, customer, at(15), 'once only');
    const cancelled = await env.crm.services.agenda.cancel(ctx, planned.id, 'not needed');
    await expect(
      env.crm.services.agenda.complete(ctx, planned.id, { outcome: 'late' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      env.crm.services.agenda.complete(ctx, cancelled.id, { outcome: 'late' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(env.crm.services.agenda.reschedule(ctx, cancelled.id, at(30))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });
});
