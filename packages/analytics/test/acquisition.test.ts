import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnalyticsTestCrm,
  adminSql,
  analyticsTestCrm,
  type OrgFixture,
  seedOrganisation,
} from './fixture.js';

const DAY = 86_400_000;

/**
 * Parties created 10 days ago (set as administrator; the API stamps creation now):
 * web: w1 (lead → qualified), w2 (lead, sale 100.00 EUR 4 days after creation), w3 (lead);
 * fair: f1 (lead → customer, no sale); no source: n1 (lead).
 * Cost: an expense of 60.00 EUR with category `acquisition:web` 5 days ago.
 * Expected web: leads 3, qualified 2 (w1, w2), customers 1 (w2), conversion 1/3, 4 days to first
 * sale, revenue 100.00, cost 60.00, CAC 60.00; fair: 1/1/1, no sale; none: 1/0/0.
 */
describe('acquisition.sources', () => {
  let env: AnalyticsTestCrm;
  let org: OrgFixture;
  const period = () => ({ from: new Date(Date.now() - 30 * DAY), to: new Date(Date.now() + DAY) });

  beforeAll(async () => {
    env = await analyticsTestCrm();
    org = await seedOrganisation(env.crm);
    const { crm } = env;
    const party = async (name: string, channel?: string) =>
      (
        await crm.services.parties.create(org.system, {
          kind: 'person',
          givenName: name,
          lifecycle: 'lead',
          ownerId: org.alice.id,
          ...(channel ? { source: { channel } } : {}),
        })
      ).party.id;
    const w1 = await party('w1', 'web');
    const w2 = await party('w2', 'web');
    await party('w3', 'web');
    const f1 = await party('f1', 'fair');
    await party('n1');
    const created = new Date(Date.now() - 10 * DAY);
    await adminSql(env.database.adminUrl, 'update core_party set created_at = $1 where tenant_id = $2', [
      created,
      org.tenantId,
    ]);
    await crm.services.lifecycle.qualify(org.system, w1);
    await crm.services.lifecycle.convert(org.system, f1);
    await crm.services.journal.record(org.system, {
      type: 'sale',
      parties: [{ partyId: w2 }],
      occurredAt: new Date(created.getTime() + 4 * DAY),
      amount: '100.00',
      currency: 'EUR',
    });
    await crm.services.journal.record(org.system, {
      type: 'expense',
      parties: [{ partyId: w1 }],
      occurredAt: new Date(Date.now() - 5 * DAY),
      amount: '60.00',
      currency: 'EUR',
      data: { category: 'acquisition:web' },
    });
  });
  afterAll(() => env?.close());

  it('counts leads, qualified and customers per source with revenue, cost and CAC', async () => {
    const r = await env.crm.services.acquisition.sources(org.system, { period: period() });
    expect(r.sources.map((s) => s.source)).toEqual(['web', 'fair', null]);
    const [web, fair, none] = r.sources;
    expect(web).toMatchObject({
      leads: 3,
      qualified: 2,
      customers: 1,
      revenue: [{ currency: 'EUR', amount: '100.00' }],
      cost: [{ currency: 'EUR', amount: '60.00' }],
      cac: [{ currency: 'EUR', amount: '60.00' }],
    });
    expect(web!.conversionRate).toBeCloseTo(1 / 3, 10);
    expect(web!.averageDaysToFirstSale).toBeCloseTo(4, 6);
    expect(fair).toMatchObject({
      leads: 1,
      qualified: 1,
      customers: 1,
      averageDaysToFirstSale: null,
      cac: null,
    });
    expect(none).toMatchObject({ leads: 1, qualified: 0, customers: 0, conversionRate: 0 });
  });

  it('covers only the parties the actor may see', async () => {
    const r = await env.crm.services.acquisition.sources(org.as(org.bob), { period: period() });
    expect(r.sources).toEqual([]);
  });
});
