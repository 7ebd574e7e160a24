import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsTestCrm, analyticsTestCrm, type OrgFixture, seedOrganisation } from './fixture.js';
import { MARCH, type SalesData, seedSales } from './sales-data.js';

describe('analytics.query', () => {
  let env: AnalyticsTestCrm;
  let org: OrgFixture;
  let data: SalesData;

  beforeAll(async () => {
    env = await analyticsTestCrm();
    org = await seedOrganisation(env.crm);
    data = await seedSales(env.crm, org);
  });
  afterAll(() => env?.close());

  it('sums revenue per employee and currency, leaving out voided sales', async () => {
    // March: alice EUR 1000.00 + 234.50 = 1234.50 (s8's 5000.00 voided), alice USD 99.00; bob EUR 500.00 + 250.25 = 750.25.
    const r = await env.crm.services.analytics.query(org.system, {
      measures: ['revenue', 'orders'],
      dimensions: ['employee'],
      filters: { period: MARCH, types: ['sale'] },
    });
    expect(
      r.rows.map((row) => [row.labels.employee, row.currency, row.measures.revenue, row.measures.orders]),
    ).toEqual([
      ['Alice', 'EUR', '1234.50', 2],
      ['Bob', 'EUR', '750.25', 2],
      ['Alice', 'USD', '99.00', 1],
    ]);
    expect(r.totals).toEqual([
      { currency: 'EUR', measures: { revenue: '1984.75', orders: 4 } },
      { currency: 'USD', measures: { revenue: '99.00', orders: 1 } },
    ]);
  });

  it('compares with the previous period, row by row and in the totals', async () => {
    // February: alice EUR 10.00 (s6), bob EUR 300.00 (s7); nothing in USD.
    const r = await env.crm.services.analytics.query(org.system, {
      measures: ['revenue'],
      dimensions: ['employee'],
      filters: { period: MARCH, types: ['sale'] },
      compare: 'previousPeriod',
    });
    const alice = r.rows.find((row) => row.dimensions.employee === org.alice.id && row.currency === 'EUR');
    expect(alice?.previous).toEqual({ revenue: '10.00' });
    const usd = r.rows.find((row) => row.currency === 'USD');
    expect(usd?.previous).toBeNull();
    expect(r.totals.find((t) => t.currency === 'EUR')?.previous).toEqual({ revenue: '310.00' });
    expect(r.previousPeriod?.from.toISOString()).toBe('2026-02-01T00:00:00.000Z');
  });

  it('groups by month in the tenant time zone and by country of the primary address', async () => {
    const r = await env.crm.services.analytics.query(org.system, {
      measures: ['netRevenue'],
      dimensions: ['country', 'period.month'],
      filters: { period: { from: '2026-02-01', to: '2026-04-01' }, currency: 'EUR' },
      orderBy: [
        { field: 'period.month', direction: 'asc' },
        { field: 'country', direction: 'asc' },
      ],
    });
    // Feb: DE 300.00 (s7), FR 10.00 (s6). Mar: DE 1000 + 234.50 − 34.50 + 500 + 250.25 = 1950.25; FR: nothing in EUR.
    expect(
      r.rows.map((row) => [row.dimensions['period.month'], row.dimensions.country, row.measures.netRevenue]),
    ).toEqual([
      ['2026-02-01', 'DE', '300.00'],
      ['2026-02-01', 'FR', '10.00'],
      ['2026-03-01', 'DE', '1950.25'],
    ]);
  });

  it('computes refunds, payments and open receivables per party', async () => {
    // c1 March: sales 1234.50, refund 34.50, payment 800.00 → receivables 400.00.
    const r = await env.crm.services.analytics.query(org.system, {
      measures: ['revenue', 'refunds', 'payments', 'receivables'],
      dimensions: ['party'],
      filters: { period: MARCH, partyIds: [data.c1] },
    });
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]!.measures).toEqual({
      revenue: '1234.50',
      refunds: '34.50',
      payments: '800.00',
      receivables: '400.00',
    });
    expect(r.rows[0]!.labels.party).toBe('Berlin GmbH');
  });

  it('analyses expenses by category and their ratio to revenue per agent', async () => {
    // alice: expenses 12.35 / revenue 1234.50 = 0.0100040…; bob: 50.00 / 750.25 = 0.0666444…
    const r = await env.crm.services.analytics.query(org.system, {
      measures: ['expenses', 'expenseRatio'],
      dimensions: ['employee'],
      filters: { period: MARCH, currency: 'EUR' },
      orderBy: [{ field: 'expenses', direction: 'desc' }],
    });
    expect(r.rows.map((row) => [row.labels.employee, row.measures.expenses])).toEqual([
      ['Bob', '50.00'],
      ['Alice', '12.35'],
    ]);
    expect(r.rows[0]!.measures.expenseRatio).toBeCloseTo(50 / 750.25, 10);
    const byCategory = await env.crm.services.analytics.query(org.system, {
      measures: ['expenses'],
      dimensions: ['expenseCategory'],
      filters: { period: MARCH, types: ['expense'] },
    });
    expect(byCategory.rows.map((row) => [row.dimensions.expenseCategory, row.measures.expenses])).toEqual([
      ['travel', '50.00'],
      ['meals', '12.35'],
    ]);
  });

  it('filters by a segment, by tag and by department', async () => {
    const r = await env.crm.services.analytics.query(org.system, {
      measures: ['revenue'],
      dimensions: ['tag'],
      filters: {
        period: MARCH,
        currency: 'EUR',
        segment: { field: 'address.country', op: 'eq', value: 'DE' },
      },
      orderBy: [{ field: 'tag', direction: 'asc' }],
    });
    // c1 (vip) 1234.50; c3 (vip, b2b) 750.25 → b2b 750.25, vip 1984.75.
    expect(r.rows.map((row) => [row.dimensions.tag, row.measures.revenue])).toEqual([
      ['b2b', '750.25'],
      ['vip', '1984.75'],
    ]);
    const none = await env.crm.services.analytics.query(org.system, {
      measures: ['count'],
      filters: { period: MARCH, departmentId: org.departments.support },
    });
    expect(none.rows).toEqual([]);
  });

  it('filters by a team along the reports-to chain: the employee and everyone below them', async () => {
    const team = (teamOf: string) =>
      env.crm.services.analytics.query(org.system, {
        measures: ['revenue'],
        dimensions: ['employee'],
        filters: { period: MARCH, types: ['sale'], currency: 'EUR', teamOf },
      });
    // March EUR sales: alice 1234.50 (s1, s2), bob 750.25 (s4, s5).
    expect((await team(org.bob.id)).rows.map((r) => [r.dimensions.employee, r.measures.revenue])).toEqual([
      [org.bob.id, '750.25'],
    ]);
    await env.crm.services.employees.update(org.system, org.bob.id, { reportsToId: org.alice.id });
    try {
      const alice = await team(org.alice.id);
      expect(alice.totals).toEqual([{ currency: 'EUR', measures: { revenue: '1984.75' } }]);
      expect(alice.rows).toHaveLength(2);
    } finally {
      await env.crm.services.employees.update(org.system, org.bob.id, { reportsToId: null });
    }
    expect((await team(org.alice.id)).totals).toEqual([
      { currency: 'EUR', measures: { revenue: '1234.50' } },
    ]);
    await expect(team('00000000-0000-7000-8000-000000000000')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { field: 'filters.teamOf' },
    });
  });

  it('shows an agent only the sales of customers they may see or made themselves', async () => {
    // Alice sees c1 and c2 (hers); c3 is Bob's: his March sales to c3 are not hers to see.
    const r = await env.crm.services.analytics.query(org.as(org.alice), {
      measures: ['revenue'],
      dimensions: ['party'],
      filters: { period: MARCH, types: ['sale'] },
    });
    expect(r.rows.map((row) => row.dimensions.party).sort()).toEqual([data.c1, data.c2].sort());
    const bob = await env.crm.services.analytics.query(org.as(org.bob), {
      measures: ['revenue'],
      dimensions: ['party'],
      filters: { period: { from: '2026-02-01', to: '2026-04-01' }, types: ['sale'] },
    });
    // Bob sees c3 (his) and his own February sale to Alice's c1 (300.00), nothing else of c1.
    expect(bob.rows.map((row) => [row.dimensions.party, row.measures.revenue]).sort()).toEqual(
      [
        [data.c3, '750.25'],
        [data.c1, '300.00'],
      ].sort(),
    );
  });

  it('refuses a custom dimension that is not defined, naming the field', async () => {
    await expect(
      env.crm.services.analytics.query(org.system, {
        measures: ['count'],
        dimensions: ['custom.nope'],
        filters: { period: MARCH },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_DATA', issues: [{ path: 'dimensions.0' }] });
    await expect(
      env.crm.services.analytics.query(org.system, {
        measures: ['count'],
        dimensions: ['period.month'],
        filters: { period: MARCH },
        compare: 'previousPeriod',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_DATA', issues: [{ path: 'compare' }] });
  });

  it('says the pipeline analyses need the pipeline plugin when it is not installed', async () => {
    await expect(env.crm.services.pipelineAnalyses.stalled(org.system, {})).rejects.toMatchObject({
      code: 'PLUGIN_MISCONFIGURED',
    });
  });

  it('refuses the product dimension without pricing’s sale lines, naming the field', async () => {
    await expect(
      env.crm.services.analytics.query(org.system, {
        measures: ['revenue'],
        dimensions: ['employee', 'product'],
        filters: { period: MARCH },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_DATA', issues: [{ path: 'dimensions.1' }] });
  });
});
