import type { OrgFixture } from '@rapport/testing';
import type { AnalyticsTestCrm } from './fixture.js';

/** The customers of {@link seedSales}. */
export interface SalesData {
  /** Alice's, in Berlin (DE), from a fair; tags vip. */
  c1: string;
  /** Alice's, in Paris (FR), from the web. */
  c2: string;
  /** Bob's, in Munich (DE), from the web; tags vip, b2b. */
  c3: string;
}

/**
 * Three customers and their money events (UTC tenant). March 2026:
 * - s1 c1 alice 1000.00 EUR (03-02), s2 c1 alice 234.50 EUR (03-10), s3 c2 alice 99.00 USD (03-15),
 *   s4 c3 bob 500.00 EUR (03-20), s5 c3 bob 250.25 EUR (03-28), s8 c2 alice 5000.00 EUR (03-05, voided);
 * - refund r1 c1 alice 34.50 EUR (03-12), payment p1 c1 alice 800.00 EUR (03-15),
 *   expense x1 c3 bob 50.00 EUR travel (03-21), expense x2 c1 alice 12.35 EUR meals (03-03).
 * February 2026: s6 c2 alice 10.00 EUR (02-15), s7 c1 bob 300.00 EUR (02-20).
 */
export async function seedSales(crm: AnalyticsTestCrm['crm'], org: OrgFixture): Promise<SalesData> {
  const party = async (
    name: string,
    owner: string,
    city: string,
    country: string,
    channel: string,
    tags: string[],
  ) =>
    (
      await crm.services.parties.create(org.system, {
        kind: 'organization',
        organizationName: name,
        ownerId: owner,
        roles: ['customer'],
        lifecycle: 'customer',
        source: { channel },
        tags,
        contactPoints: [{ kind: 'address', city, country }],
      })
    ).party.id;
  const c1 = await party('Berlin GmbH', org.alice.id, 'Berlin', 'DE', 'fair', ['vip']);
  const c2 = await party('Paris SA', org.alice.id, 'Paris', 'FR', 'web', []);
  const c3 = await party('Munich AG', org.bob.id, 'Munich', 'DE', 'web', ['vip', 'b2b']);
  const record = (
    type: string,
    partyId: string,
    employeeId: string,
    at: string,
    amount: string,
    currency: string,
    data: Record<string, unknown> = {},
  ) =>
    crm.services.journal.record(org.system, {
      type,
      parties: [{ partyId }],
      employeeId,
      occurredAt: new Date(`${at}T12:00:00Z`),
      amount,
      currency,
      data,
    } as never);
  await record('sale', c1, org.alice.id, '2026-03-02', '1000.00', 'EUR');
  await record('sale', c1, org.alice.id, '2026-03-10', '234.50', 'EUR');
  await record('sale', c2, org.alice.id, '2026-03-15', '99.00', 'USD');
  await record('sale', c3, org.bob.id, '2026-03-20', '500.00', 'EUR');
  await record('sale', c3, org.bob.id, '2026-03-28', '250.25', 'EUR');
  const s8 = await record('sale', c2, org.alice.id, '2026-03-05', '5000.00', 'EUR');
  await crm.services.journal.void(org.system, entryId(s8), 'entered twice');
  await record('refund', c1, org.alice.id, '2026-03-12', '34.50', 'EUR');
  await record('payment_received', c1, org.alice.id, '2026-03-15', '800.00', 'EUR');
  await record('expense', c3, org.bob.id, '2026-03-21', '50.00', 'EUR', { category: 'travel' });
  await record('expense', c1, org.alice.id, '2026-03-03', '12.35', 'EUR', { category: 'meals' });
  await record('sale', c2, org.alice.id, '2026-02-15', '10.00', 'EUR');
  await record('sale', c1, org.bob.id, '2026-02-20', '300.00', 'EUR');
  return { c1, c2, c3 };
}

function entryId(result: unknown): string {
  const r = result as { id?: string; entry?: { id: string } };
  return r.entry?.id ?? r.id!;
}

/** March 2026 (UTC). */
export const MARCH = { from: '2026-03-01', to: '2026-04-01' } as const;
