import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsTestCrm, analyticsTestCrm, type OrgFixture, seedOrganisation } from './fixture.js';
import { MARCH } from './sales-data.js';

/**
 * Dimensions that put one fact row under several values. Parties: A (tags x, y; interests golf,
 * sail), B (tag x; interests golf), C (no tag, no interest). EUR sales, all Alice's:
 * February A 100.00, B 10.00; March A 200.00, B 20.00, C 5.00.
 * By tag in March: x 220.00 (A, B; before 110.00), y 200.00 (A; before 100.00), null 5.00 (C);
 * totals 225.00 (before 110.00), each sale once — not 425.00 (A under x and y).
 */
describe('analytics.query totals with dimensions that multiply rows', () => {
  let env: AnalyticsTestCrm;
  let org: OrgFixture;

  beforeAll(async () => {
    env = await analyticsTestCrm();
    org = await seedOrganisation(env.crm);
    await env.crm.services.customFields.define(org.system, {
      key: 'interests',
      type: 'multi_enum',
      label: 'Interests',
      allowed: ['golf', 'sail'],
    });
    const party = async (name: string, tags: string[], interests: string[]) =>
      (
        await env.crm.services.parties.create(org.system, {
          kind: 'organization',
          organizationName: name,
          ownerId: org.alice.id,
          roles: ['customer'],
          tags,
          ...(interests.length > 0 ? { custom: { interests } } : {}),
        })
      ).party.id;
    const a = await party('A', ['x', 'y'], ['golf', 'sail']);
    const b = await party('B', ['x'], ['golf']);
    const c = await party('C', [], []);
    const sale = (partyId: string, day: string, amount: string) =>
      env.crm.services.journal.record(org.system, {
        type: 'sale',
        parties: [{ partyId }],
        employeeId: org.alice.id,
        occurredAt: new Date(`${day}T12:00:00Z`),
        amount,
        currency: 'EUR',
      });
    await sale(a, '2026-02-10', '100.00');
    await sale(b, '2026-02-11', '10.00');
    await sale(a, '2026-03-10', '200.00');
    await sale(b, '2026-03-11', '20.00');
    await sale(c, '2026-03-12', '5.00');
  });
  afterAll(() => env?.close());

  it('counts a party with two tags under both tags but once in the totals and the previous totals', async () => {
    const r = await env.crm.services.analytics.query(org.system, {
      measures: ['revenue', 'orders', 'parties'],
      dimensions: ['tag'],
      filters: { period: MARCH },
      compare: 'previousPeriod',
    });
    expect(
      r.rows.map((row) => [row.dimensions.tag, row.measures.revenue, row.previous?.revenue ?? null]),
    ).toEqual([
      ['x', '220.00', '110.00'],
      ['y', '200.00', '100.00'],
      [null, '5.00', null],
    ]);
    expect(r.totals).toEqual([
      {
        currency: 'EUR',
        measures: { revenue: '225.00', orders: 3, parties: 3 },
        previous: { revenue: '110.00', orders: 2, parties: 2 },
      },
    ]);
  });

  it('groups a multi-valued custom field by each value and counts each sale once in the totals', async () => {
    const r = await env.crm.services.analytics.query(org.system, {
      measures: ['revenue', 'orders'],
      dimensions: ['custom.interests'],
      filters: { period: MARCH },
    });
    expect(r.rows.map((row) => [row.dimensions['custom.interests'], row.measures.revenue])).toEqual([
      ['golf', '220.00'],
      ['sail', '200.00'],
      [null, '5.00'],
    ]);
    expect(r.totals.map((t) => [t.currency, t.measures])).toEqual([
      ['EUR', { revenue: '225.00', orders: 3 }],
    ]);
  });

  it('counts each sale once in the totals by tag and agent together', async () => {
    const r = await env.crm.services.analytics.query(org.system, {
      measures: ['revenue'],
      dimensions: ['employee', 'tag'],
      filters: { period: MARCH },
    });
    expect(r.rows).toHaveLength(3);
    expect(r.totals.map((t) => t.measures.revenue)).toEqual(['225.00']);
  });
});
