import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsTestCrm, analyticsTestCrm, type OrgFixture, seedOrganisation } from './fixture.js';
import { MARCH, type SalesData, seedSales } from './sales-data.js';

/**
 * The sales of sales-data.ts. Net revenue in March: c1 (Berlin, DE) 1200.00 EUR, c2 (Paris, FR)
 * 99.00 USD, c3 (Munich, DE) 750.25 EUR; in February: c1 300.00 EUR, c2 10.00 EUR.
 * Partners: P1 referred c1 and c2 (relationships), P2 referred c3; one call with P1 in March.
 */
describe('partners compared and the map distribution', () => {
  let env: AnalyticsTestCrm;
  let org: OrgFixture;
  let data: SalesData;
  let p1: string;
  let p2: string;

  beforeAll(async () => {
    env = await analyticsTestCrm();
    org = await seedOrganisation(env.crm);
    data = await seedSales(env.crm, org);
    const partner = async (name: string) =>
      (
        await env.crm.services.parties.create(org.system, {
          kind: 'organization',
          organizationName: name,
          roles: ['partner'],
          ownerId: org.alice.id,
        })
      ).party.id;
    p1 = await partner('Partner One');
    p2 = await partner('Partner Two');
    const refer = (fromId: string, toId: string) =>
      env.crm.services.relationships.relate(org.system, { type: 'referred', fromId, toId });
    await refer(p1, data.c1);
    await refer(p1, data.c2);
    await refer(p2, data.c3);
    await env.crm.services.journal.record(org.system, {
      type: 'call_outgoing',
      direction: 'outbound',
      parties: [{ partyId: p1 }],
      occurredAt: new Date('2026-03-03T09:00:00Z'),
    });
  });
  afterAll(() => env?.close());

  it('compares partners on their customers’ revenue, its growth and their activities', async () => {
    const r = await env.crm.services.partners.compare(org.system, { period: MARCH });
    expect(r.partners.map((p) => [p.name, p.customers, p.activities, p.deals])).toEqual([
      ['Partner One', 2, 1, null],
      ['Partner Two', 1, 0, null],
    ]);
    const [one, two] = r.partners;
    // EUR: 1200.00 now, 310.00 before → growth (1200 − 310) / 310; USD: 99.00, nothing before.
    expect(one!.revenue).toEqual([
      { currency: 'EUR', amount: '1200.00', previous: '310.00', growth: expect.closeTo(890 / 310, 10) },
      { currency: 'USD', amount: '99.00', previous: '0.00', growth: null },
    ]);
    expect(two!.revenue).toEqual([{ currency: 'EUR', amount: '750.25', previous: '0.00', growth: null }]);
    expect(r.partners.every((p) => p.partnerId === p1 || p.partnerId === p2)).toBe(true);
  });

  it('counts customers and their revenue per country, in a shape a map can draw', async () => {
    const r = await env.crm.services.mapDistribution.compute(org.system, {
      period: MARCH,
      segment: { field: 'role', op: 'has', value: 'customer' },
    });
    expect(r.areas).toEqual([
      { country: 'DE', count: 2, revenue: [{ currency: 'EUR', amount: '1950.25' }] },
      { country: 'FR', count: 1, revenue: [{ currency: 'USD', amount: '99.00' }] },
    ]);
  });

  it('goes down to cities, and shows an agent only their parties', async () => {
    const r = await env.crm.services.mapDistribution.compute(org.as(org.bob), {
      level: 'city',
      period: MARCH,
      segment: { field: 'role', op: 'has', value: 'customer' },
    });
    expect(r.areas).toEqual([
      {
        country: 'DE',
        region: null,
        city: 'Munich',
        count: 1,
        revenue: [{ currency: 'EUR', amount: '750.25' }],
      },
    ]);
  });
});
