import { RapportError } from '@rapport/core';
import type { TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { pipelinePlugin } from '../src/index.js';
import { seedFunnelDeals } from './analytics-data.js';
import { type PipelineFixture, pipelineTestCrm, seedPipeline } from './fixture.js';

/** Won deals in March 2025 (analytics-data.ts): d1 only, alice's, 1000 EUR, won on 2025-03-10. */
describe('sales plans', () => {
  let env: TestCrm<[typeof pipelinePlugin]>;
  let f: PipelineFixture;
  const plans = () => env.crm.services.salesPlans;
  const march = { periodStart: '2025-03-01', periodEnd: '2025-04-01' } as const;

  beforeAll(async () => {
    env = await pipelineTestCrm();
    f = await seedPipeline(env.crm);
    await seedFunnelDeals(f, env.database.adminUrl);
    // Bob's activities in March: two counted (a call, a visit), and four that are not: an email (not
    // a planned type), a planned call, a voided call, and a call in April.
    const journal = env.crm.services.journal;
    const entry = (type: 'call_outgoing' | 'visit' | 'email', occurredAt: string, extra: object = {}) =>
      journal.record(f.as(f.bob), {
        type,
        occurredAt,
        parties: [{ partyId: f.customers.umbrella }],
        ...(type === 'call_outgoing' ? { direction: 'outbound' as const } : {}),
        ...(type === 'email' ? { direction: 'outbound' as const, data: { subject: 'Offer' } } : {}),
        ...extra,
      });
    await entry('call_outgoing', '2025-03-05T10:00:00Z');
    await entry('visit', '2025-03-20T10:00:00Z');
    await entry('email', '2025-03-06T10:00:00Z');
    await entry('call_outgoing', '2025-03-07T10:00:00Z', {
      status: 'planned',
      dueAt: '2025-03-07T10:00:00Z',
    });
    const voided = await entry('call_outgoing', '2025-03-08T10:00:00Z');
    await journal.void(f.as(f.bob), voided.entry.id, 'recorded twice');
    await entry('call_outgoing', '2025-04-02T10:00:00Z');
  });
  afterAll(() => env?.close());

  it('measures won amount against a plan from the won stage changes', async () => {
    const plan = await plans().set(f.as(f.manager), {
      employeeId: f.alice.id,
      ...march,
      metric: 'won_amount',
      currency: 'EUR',
      target: '10000',
    });
    const [row] = await plans().progress(f.as(f.manager), {
      from: '2025-03-01',
      to: '2025-04-01',
      employeeId: f.alice.id,
    });
    expect(row).toMatchObject({
      proratedTarget: '10000.0000',
      actual: '1000.0000',
      wonDeals: 1,
      attainment: 0.1,
    });
    expect(row!.plan.id).toBe(plan.id);
  });

  it('pro-rates a department’s won-count target to the part of the plan asked for', async () => {
    await plans().set(f.system, {
      departmentId: f.departments.north,
      ...march,
      metric: 'won_count',
      target: 4,
    });
    // 15 of 31 days: 4 × 15 / 31 = 1.9355; d1 was won on day 9. The department filter also returns
    // the plans of the department's employees (Alice's won-amount plan).
    const rows = await plans().progress(f.system, {
      from: '2025-03-01',
      to: '2025-03-16',
      departmentId: f.departments.north,
    });
    const count = rows.find((r) => r.plan.metric === 'won_count')!;
    expect(count).toMatchObject({
      proratedTarget: '1.9355',
      actual: '1',
      overlap: { days: 15, planDays: 31 },
    });
    expect(count.attainment).toBeCloseTo(1 / 1.9355, 6);
    expect(rows.some((r) => r.plan.employeeId === f.alice.id)).toBe(true);
    const later = await plans().progress(f.system, {
      from: '2025-03-16',
      to: '2025-04-01',
      departmentId: f.departments.north,
    });
    expect(later.find((r) => r.plan.metric === 'won_count')).toMatchObject({
      actual: '0',
      proratedTarget: '2.0645',
    });
  });

  it('counts current journal entries of the planned types by the employee', async () => {
    await plans().set(f.system, {
      employeeId: f.bob.id,
      ...march,
      metric: 'activity_count',
      activityTypes: ['visit', 'call_outgoing'],
      target: 10,
    });
    const rows = await plans().progress(f.system, {
      from: '2025-03-01',
      to: '2025-04-01',
      employeeId: f.bob.id,
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actual: '2', proratedTarget: '10.0000', attainment: 0.2 });
    expect(rows[0]!.plan.activityTypes).toEqual(['call_outgoing', 'visit']);
  });

  it('refuses the same target twice, and keeps every change of a target in its history', async () => {
    const input = { employeeId: f.bob.id, ...march, metric: 'won_count', target: 3 } as const;
    const plan = await plans().set(f.system, input);
    await expect(plans().set(f.system, { ...input, target: 5 })).rejects.toMatchObject({
      code: 'DUPLICATE',
      details: { existingId: plan.id },
    });
    const updated = await plans().update(f.system, plan.id, { target: 5, expectedVersion: 1 });
    expect(updated).toMatchObject({ target: '5.0000', version: 2 });
    await expect(plans().update(f.system, plan.id, { target: 6, expectedVersion: 1 })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await plans().remove(f.system, plan.id);
    expect((await plans().list(f.system, { employeeId: f.bob.id })).map((p) => p.id)).not.toContain(plan.id);
    expect(
      (await plans().history(f.system, plan.id)).map((h) => [h.operation, h.oldTarget, h.newTarget]),
    ).toEqual([
      ['create', null, '3.0000'],
      ['update', '3.0000', '5.0000'],
      ['remove', '5.0000', null],
    ]);
    // Removed, the same target may be defined again.
    await expect(plans().set(f.system, input)).resolves.toMatchObject({ version: 1 });
  });

  it('lets only managers plan, and only within their department subtree', async () => {
    const input = { ...march, metric: 'won_count', target: 1 } as const;
    await expect(plans().set(f.as(f.alice), { ...input, employeeId: f.alice.id })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    await expect(plans().set(f.as(f.manager), { ...input, employeeId: f.carol.id })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    await expect(
      plans().set(f.as(f.manager), { ...input, departmentId: f.departments.support }),
    ).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    // An agent sees the progress of their own plans only.
    const alice = await plans().progress(f.as(f.alice), { from: '2025-03-01', to: '2025-04-01' });
    expect(alice.length).toBeGreaterThan(0);
    expect(alice.every((r) => r.plan.employeeId === f.alice.id)).toBe(true);
  });

  it('names every invalid field and writes nothing', async () => {
    const before = (await plans().list(f.system)).length;
    const error = await plans()
      .set(f.system, {
        employeeId: f.alice.id,
        departmentId: f.departments.north,
        periodStart: '2025-04-01',
        periodEnd: '2025-03-01',
        metric: 'won_amount',
        target: '-5',
      })
      .catch((e: unknown) => e);
    expect(RapportError.is(error, 'INVALID_DATA')).toBe(true);
    const paths = ((error as RapportError).details.issues as Array<{ path: string }>).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['target']));
    const refined = await plans()
      .set(f.system, {
        employeeId: f.alice.id,
        departmentId: f.departments.north,
        periodStart: '2025-04-01',
        periodEnd: '2025-03-01',
        metric: 'won_amount',
        target: '5',
      })
      .catch((e: unknown) => e);
    expect(((refined as RapportError).details.issues as Array<{ path: string }>).map((i) => i.path)).toEqual(
      expect.arrayContaining(['employeeId', 'periodEnd', 'currency']),
    );
    await expect(
      plans().set(f.system, {
        employeeId: f.alice.id,
        ...march,
        metric: 'activity_count',
        activityTypes: ['no_such_type'],
        target: 1,
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'activityTypes' })] },
    });
    await expect(
      plans().set(f.system, {
        employeeId: '00000000-0000-7000-8000-000000000000',
        ...march,
        metric: 'won_count',
        target: 1,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', details: { field: 'employeeId' } });
    await expect(plans().progress(f.system, { from: '2025-04-01', to: '2025-03-01' })).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'to' })] },
    });
    expect((await plans().list(f.system)).length).toBe(before);
  });
});
