import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsTestCrm, analyticsTestCrm, type OrgFixture, seedOrganisation } from './fixture.js';

/**
 * March 2026 (UTC), parties a1, a2 (Alice's), a3 (Bob's):
 * Alice: call_outgoing a1 03-02 300 s reached; call_outgoing a2 03-03 120 s voicemail;
 *        call_incoming a1 03-04 60 s reached; meeting a1 03-06 3600 s; emails to a1 (delivered) and
 *        a2 (bounced) 03-08; SMS to a1 03-09; task a1 done 03-10; task a2 planned, due 03-11 (overdue);
 *        task a2 planned, due 2099 (not overdue).
 * Bob: call_outgoing a3 03-05 600 s reached; visit a3 03-07.
 * Sales: a1 03-20 (18 days after Alice's first touch on 03-02), a3 04-20 (46 days after Bob's 03-05).
 * Expected, Alice: calls 3 (480 s), meetings 1, emails sent 2 / delivered 1 / failed 1, SMS 1, tasks
 * done 1, overdue 1. Conversion within 30 days: Alice 1 of 2 (18 days), Bob 0 of 1.
 */
describe('activity analyses', () => {
  let env: AnalyticsTestCrm;
  let org: OrgFixture;
  const a: Record<string, string> = {};
  const MARCH = { from: '2026-03-01', to: '2026-04-01' };

  beforeAll(async () => {
    env = await analyticsTestCrm();
    org = await seedOrganisation(env.crm);
    const { crm } = env;
    for (const [name, owner] of [
      ['a1', org.alice],
      ['a2', org.alice],
      ['a3', org.bob],
    ] as const) {
      a[name] = (
        await crm.services.parties.create(org.system, { kind: 'person', givenName: name, ownerId: owner.id })
      ).party.id;
    }
    const rec = (input: Record<string, unknown>, who: string, employeeId: string, day: string) =>
      crm.services.journal.record(org.system, {
        parties: [{ partyId: a[who]! }],
        employeeId,
        occurredAt: new Date(`2026-${day}T10:00:00Z`),
        ...input,
      } as never);
    const alice = org.alice.id;
    const bob = org.bob.id;
    await rec(
      { type: 'call_outgoing', direction: 'outbound', durationSeconds: 300, outcome: 'reached' },
      'a1',
      alice,
      '03-02',
    );
    await rec(
      { type: 'call_outgoing', direction: 'outbound', durationSeconds: 120, outcome: 'voicemail' },
      'a2',
      alice,
      '03-03',
    );
    await rec(
      { type: 'call_incoming', direction: 'inbound', durationSeconds: 60, outcome: 'reached' },
      'a1',
      alice,
      '03-04',
    );
    await rec(
      { type: 'call_outgoing', direction: 'outbound', durationSeconds: 600, outcome: 'reached' },
      'a3',
      bob,
      '03-05',
    );
    await rec({ type: 'meeting', durationSeconds: 3600, data: { title: 'Kick-off' } }, 'a1', alice, '03-06');
    await rec({ type: 'visit', data: {} }, 'a3', bob, '03-07');
    await rec(
      { type: 'email', direction: 'outbound', data: { subject: 'Hi', status: 'delivered' } },
      'a1',
      alice,
      '03-08',
    );
    await rec(
      { type: 'email', direction: 'outbound', data: { subject: 'Hi', status: 'bounced' } },
      'a2',
      alice,
      '03-08',
    );
    await rec({ type: 'sms', direction: 'outbound', data: { text: 'Hi' } }, 'a1', alice, '03-09');
    await rec({ type: 'task', status: 'done', data: { title: 'Send offer' } }, 'a1', alice, '03-10');
    await rec(
      {
        type: 'task',
        status: 'planned',
        assigneeId: alice,
        dueAt: new Date('2026-03-11T09:00:00Z'),
        data: { title: 'Call back' },
      },
      'a2',
      alice,
      '03-10',
    );
    await rec(
      {
        type: 'task',
        status: 'planned',
        assigneeId: alice,
        dueAt: new Date('2099-01-01T09:00:00Z'),
        data: { title: 'Later' },
      },
      'a2',
      alice,
      '03-10',
    );
    await rec({ type: 'sale', amount: '100.00', currency: 'EUR' }, 'a1', alice, '03-20');
    await rec({ type: 'sale', amount: '100.00', currency: 'EUR' }, 'a3', bob, '04-20');
  });
  afterAll(() => env?.close());

  it('counts calls, meetings, emails, SMS and tasks per employee', async () => {
    const r = await env.crm.services.analytics.query(org.system, {
      measures: [
        'calls',
        'meetings',
        'visits',
        'emailsSent',
        'emailsDelivered',
        'emailsFailed',
        'smsSent',
        'tasksDone',
        'tasksOverdue',
      ],
      dimensions: ['employee'],
      filters: { period: MARCH },
      orderBy: [{ field: 'employee', direction: 'asc' }],
    });
    const alice = r.rows.find((row) => row.dimensions.employee === org.alice.id)!;
    expect(alice.measures).toEqual({
      calls: 3,
      meetings: 1,
      visits: 0,
      emailsSent: 2,
      emailsDelivered: 1,
      emailsFailed: 1,
      smsSent: 1,
      tasksDone: 1,
      tasksOverdue: 1,
    });
    const bob = r.rows.find((row) => row.dimensions.employee === org.bob.id)!;
    expect(bob.measures).toMatchObject({ calls: 1, visits: 1, meetings: 0 });
  });

  it('splits calls by direction and outcome with their durations', async () => {
    const r = await env.crm.services.analytics.query(org.system, {
      measures: ['count', 'duration.sum', 'duration.avg'],
      dimensions: ['direction', 'outcome'],
      filters: { period: MARCH, types: ['call_outgoing', 'call_incoming'], employeeIds: [org.alice.id] },
      orderBy: [
        { field: 'direction', direction: 'asc' },
        { field: 'outcome', direction: 'asc' },
      ],
    });
    expect(
      r.rows.map((row) => [
        row.dimensions.direction,
        row.dimensions.outcome,
        row.measures.count,
        row.measures['duration.sum'],
      ]),
    ).toEqual([
      ['inbound', 'reached', 1, 60],
      ['outbound', 'reached', 1, 300],
      ['outbound', 'voicemail', 1, 120],
    ]);
    expect(r.totals[0]!.measures['duration.avg']).toBe(160);
  });

  it('measures the share of touched customers who bought within N days', async () => {
    const c = await env.crm.services.activityAnalysis.conversion(org.system, {
      filters: { period: MARCH },
      withinDays: 30,
    });
    expect(c.groups).toEqual([
      { key: org.alice.id, touched: 2, converted: 1, rate: 0.5, averageDays: 18 },
      { key: org.bob.id, touched: 1, converted: 0, rate: 0, averageDays: null },
    ]);
    const longer = await env.crm.services.activityAnalysis.conversion(org.system, {
      filters: { period: MARCH },
      withinDays: 60,
      by: 'none',
    });
    expect(longer.groups).toEqual([{ key: null, touched: 3, converted: 2, rate: 2 / 3, averageDays: 32 }]);
  });
});
