import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsTestCrm, analyticsTestCrm, type OrgFixture, seedOrganisation } from './fixture.js';

/**
 * Q1 2026 (scored as of 2026-04-01T00:00Z), EUR:
 * p1: 5 sales of 100.00 on 03-26…03-30 → last 03-30, F 5, M 500.00
 * p2: 4 sales of 50.00 up to 03-20 → M 200.00
 * p3: 3 sales of 10.00 up to 03-10 → M 30.00
 * p4: 1 sale of 400.00 on 02-01
 * p5: 2 sales of 5.00 up to 01-05 → M 10.00
 * R by last sale: p5 1, p4 2, p3 3, p2 4, p1 5. F: p4 1, p5 2, p3 3, p2 4, p1 5.
 * M: p5 1, p3 2, p2 3, p4 4, p1 5.
 * Segments: p1 (5,5) champions; p2 (4,4) loyal; p3 (3,3) need_attention; p4 (2,1) hibernating;
 * p5 (1,2) hibernating. p1's recency: 03-30T10:00 → 04-01T00:00 = 1.5833… days.
 */
describe('rfm.score', () => {
  let env: AnalyticsTestCrm;
  let org: OrgFixture;
  const p: Record<string, string> = {};
  const Q1 = { from: '2026-01-01', to: '2026-04-01' };

  beforeAll(async () => {
    env = await analyticsTestCrm();
    org = await seedOrganisation(env.crm);
    const { crm } = env;
    for (const name of ['p1', 'p2', 'p3', 'p4', 'p5']) {
      const { party } = await crm.services.parties.create(org.system, {
        kind: 'person',
        givenName: name,
        ownerId: org.alice.id,
      });
      p[name] = party.id;
    }
    const sale = (who: string, at: string, amount: string) =>
      crm.services.journal.record(org.system, {
        type: 'sale',
        parties: [{ partyId: p[who]! }],
        occurredAt: new Date(`${at}T10:00:00Z`),
        amount,
        currency: 'EUR',
      });
    for (const d of ['26', '27', '28', '29', '30']) await sale('p1', `2026-03-${d}`, '100.00');
    for (const at of ['2026-02-01', '2026-02-15', '2026-03-01', '2026-03-20']) await sale('p2', at, '50.00');
    for (const at of ['2026-01-10', '2026-02-10', '2026-03-10']) await sale('p3', at, '10.00');
    await sale('p4', '2026-02-01', '400.00');
    for (const at of ['2026-01-02', '2026-01-05']) await sale('p5', at, '5.00');
  });
  afterAll(() => env?.close());

  it('scores recency, frequency and monetary in quintiles and names the segments', async () => {
    const rfm = await env.crm.services.rfm.score(org.system, {
      filters: { period: Q1, currency: 'EUR' },
      members: { limit: 10 },
    });
    expect(rfm.customers).toBe(5);
    expect(rfm.members.items.map((m) => [m.name, m.r, m.f, m.m, m.segment, m.frequency, m.monetary])).toEqual(
      [
        ['p1', 5, 5, 5, 'champions', 5, '500.00'],
        ['p2', 4, 4, 3, 'loyal', 4, '200.00'],
        ['p3', 3, 3, 2, 'need_attention', 3, '30.00'],
        ['p4', 2, 1, 4, 'hibernating', 1, '400.00'],
        ['p5', 1, 2, 1, 'hibernating', 2, '10.00'],
      ],
    );
    expect(rfm.members.items[0]!.recencyDays).toBeCloseTo(1 + 14 / 24, 6);
    expect(rfm.segments.find((s) => s.segment === 'hibernating')).toMatchObject({
      customers: 2,
      customerShare: 0.4,
      monetary: '410.00',
      averageFrequency: 1.5,
    });
  });

  it('saves the scoring with a segment per named segment', async () => {
    const saved = await env.crm.services.rfm.save(org.system, {
      name: 'Q1 RFM',
      query: { filters: { period: Q1, currency: 'EUR' } },
    });
    expect(Object.keys(saved.segmentIds).sort()).toEqual([
      'champions',
      'hibernating',
      'loyal',
      'need_attention',
    ]);
    const members = await env.crm.services.segments.members(org.system, saved.segmentIds.hibernating!);
    expect(members.items.map((x) => x.id).sort()).toEqual([p.p4, p.p5].sort());
  });

  it('shows an agent who sees none of the customers an empty scoring', async () => {
    const rfm = await env.crm.services.rfm.score(org.as(org.carol), {
      filters: { period: Q1, currency: 'EUR' },
    });
    expect(rfm).toMatchObject({ customers: 0, segments: [], members: { total: 0, items: [] } });
  });
});
