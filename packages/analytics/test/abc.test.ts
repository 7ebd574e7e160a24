import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsTestCrm, analyticsTestCrm, type OrgFixture, seedOrganisation } from './fixture.js';

/**
 * Five customers, Q1 2026, EUR net revenue (sales − refunds):
 * k1 500.00 (all in January), k2 300.00 (100.00 each month), k3 100.00, k4 60.00 (70.00 sale − 10.00
 * refund), k5 40.00; k6 only 99.00 USD (not in an EUR classification). Total 1000.00 EUR.
 * Revenue ranked before each: k1 0 → A, k2 500 (50 %) → A, k3 800 (80 %, not below 80) → B,
 * k4 900 (90 %) → B, k5 960 (96 %) → C. A: 2 customers, 800.00 (0.8); B: 2, 160.00; C: 1, 40.00.
 * Pareto: the top 20 % of 5 customers is 1 (k1): 500.00, a share of 0.5.
 * XYZ over Jan–Mar: k1 [500, 0, 0] → cv = √2 ≈ 1.414 → Z; k2 [100, 100, 100] → cv 0 → X.
 */
describe('customerClasses.abc', () => {
  let env: AnalyticsTestCrm;
  let org: OrgFixture;
  const k: Record<string, string> = {};
  const Q1 = { from: '2026-01-01', to: '2026-04-01' };

  beforeAll(async () => {
    env = await analyticsTestCrm();
    org = await seedOrganisation(env.crm);
    const { crm } = env;
    for (const [name, owner] of [
      ['k1', org.alice],
      ['k2', org.alice],
      ['k3', org.bob],
      ['k4', org.bob],
      ['k5', org.bob],
      ['k6', org.alice],
    ] as const) {
      const { party } = await crm.services.parties.create(org.system, {
        kind: 'organization',
        organizationName: name,
        ownerId: owner.id,
      });
      k[name] = party.id;
    }
    const money = (type: string, who: string, at: string, amount: string, currency = 'EUR') =>
      crm.services.journal.record(org.system, {
        type,
        parties: [{ partyId: k[who]! }],
        occurredAt: new Date(`${at}T10:00:00Z`),
        amount,
        currency,
      });
    await money('sale', 'k1', '2026-01-10', '500.00');
    for (const month of ['01', '02', '03']) await money('sale', 'k2', `2026-${month}-05`, '100.00');
    await money('sale', 'k3', '2026-02-01', '100.00');
    await money('sale', 'k4', '2026-02-02', '70.00');
    await money('refund', 'k4', '2026-02-20', '10.00');
    await money('sale', 'k5', '2026-03-03', '40.00');
    await money('sale', 'k6', '2026-03-03', '99.00', 'USD');
    await money('sale', 'k1', '2025-12-31', '9999.00');
  });
  afterAll(() => env?.close());

  it('classifies customers into A, B and C by cumulative share of net revenue', async () => {
    const abc = await env.crm.services.customerClasses.abc(org.system, {
      filters: { period: Q1, currency: 'EUR' },
      members: { limit: 10 },
    });
    expect(abc.total).toEqual({ customers: 5, revenue: '1000.00' });
    expect(abc.classes.map((c) => [c.class, c.customers, c.revenue, c.revenueShare])).toEqual([
      ['A', 2, '800.00', 0.8],
      ['B', 2, '160.00', 0.16],
      ['C', 1, '40.00', 0.04],
    ]);
    expect(abc.members.items.map((m) => [m.name, m.rank, m.class, m.revenue])).toEqual([
      ['k1', 1, 'A', '500.00'],
      ['k2', 2, 'A', '300.00'],
      ['k3', 3, 'B', '100.00'],
      ['k4', 4, 'B', '60.00'],
      ['k5', 5, 'C', '40.00'],
    ]);
    expect(abc.pareto).toMatchObject({
      topShare: 20,
      topCustomers: 1,
      topRevenue: '500.00',
      topRevenueShare: 0.5,
    });
  });

  it('takes other thresholds and pages through the members of one class', async () => {
    // With A up to 50 %: k1 (0) A; k2 (500 = 50 %, not below) → B (below 95 %); k5 (960) → C.
    const abc = await env.crm.services.customerClasses.abc(org.system, {
      filters: { period: Q1, currency: 'EUR' },
      thresholds: { a: 50, b: 95 },
      members: { class: 'B', offset: 1, limit: 2 },
    });
    expect(abc.classes.map((c) => [c.class, c.customers])).toEqual([
      ['A', 1],
      ['B', 3],
      ['C', 1],
    ]);
    expect(abc.members.total).toBe(3);
    expect(abc.members.items.map((m) => m.name)).toEqual(['k3', 'k4']);
  });

  it('adds XYZ classes by the variation of monthly revenue', async () => {
    const abc = await env.crm.services.customerClasses.abc(org.system, {
      filters: { period: Q1, currency: 'EUR' },
      xyz: true,
      members: { limit: 2 },
    });
    const [k1, k2] = abc.members.items;
    expect(k1).toMatchObject({ name: 'k1', xyz: 'Z' });
    expect(k1!.variation).toBeCloseTo(Math.SQRT2, 6);
    expect(k2).toMatchObject({ name: 'k2', xyz: 'X', variation: 0 });
    expect(abc.matrix.find((c) => c.abc === 'A' && c.xyz === 'X')).toMatchObject({
      customers: 1,
      revenue: '300.00',
    });
  });

  it('covers only the customers an agent may see', async () => {
    // Alice owns k1 and k2 (and k6, USD): 800.00 EUR, both A (k2 starts at 62.5 %).
    const abc = await env.crm.services.customerClasses.abc(org.as(org.alice), {
      filters: { period: Q1, currency: 'EUR' },
    });
    expect(abc.total).toEqual({ customers: 2, revenue: '800.00' });
  });

  it('saves the classification with its members and one segment per class', async () => {
    const saved = await env.crm.services.customerClasses.saveAbc(org.system, {
      name: 'Q1 customers',
      query: { filters: { period: Q1, currency: 'EUR' } },
    });
    expect(Object.keys(saved.segmentIds).sort()).toEqual(['A', 'B', 'C']);
    const members = await env.crm.services.segments.members(org.system, saved.segmentIds.A!);
    expect(members.items.map((p) => p.id).sort()).toEqual([k.k1, k.k2].sort());
    const page = await env.crm.services.classifications.members(org.system, saved.id, { class: 'B' });
    expect(page.items.map((m) => [m.name, m.value])).toEqual([
      ['k3', '100.00'],
      ['k4', '60.00'],
    ]);
    await expect(
      env.crm.services.customerClasses.saveAbc(org.system, {
        name: 'Q1 customers',
        query: { filters: { period: Q1, currency: 'EUR' } },
      }),
    ).rejects.toMatchObject({ code: 'DUPLICATE' });
  });

  it('refuses thresholds out of order, naming the field', async () => {
    await expect(
      env.crm.services.customerClasses.abc(org.system, {
        filters: { period: Q1, currency: 'EUR' },
        thresholds: { a: 90, b: 80 },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_DATA', issues: [{ path: 'thresholds.b' }] });
  });
});
