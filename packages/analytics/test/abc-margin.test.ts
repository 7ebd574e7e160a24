import { pricingPlugin } from '@rapport/pricing';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsPlugin } from '../src/index.js';
import { type AnalyticsTestCrm, analyticsTestCrm, type OrgFixture, seedOrganisation } from './fixture.js';

type Env = TestCrm<[typeof pricingPlugin, typeof analyticsPlugin]>;
const MARCH = { from: '2026-03-01', to: '2026-04-01' } as const;

/**
 * With `@rapport/pricing` installed. Products: W-1 cost 60.00 EUR, U-1 cost 5.00 USD (another
 * currency: unknown for EUR lines), N-1 no cost. March, EUR:
 * - c1: 10 × W-1 @ 100 (margin 1000 − 600 = 400) + 1 × N-1 @ 50 (no cost: left out) → 400;
 * - c2: 5 × W-1 @ 100 (200), refund 1 × W-1 @ 100 (−40) → 160;
 * - c3: 2 × W-1 @ 80 (160 − 120 = 40) + 1 × U-1 @ 30 (cost in USD: left out) → 40;
 * - c4: one sale of 900.00 without lines → no margin (left out, counted).
 * Total margin 600; thresholds 60/90: c1 A (0 before), c2 B (400 before ≥ 360), c3 C (560 ≥ 540).
 */
describe('margin, with pricing’s sale lines and product costs', () => {
  let env: Env;
  let org: OrgFixture;
  const c: Record<string, string> = {};

  beforeAll(async () => {
    env = await createTestCrm({
      plugins: [pricingPlugin, analyticsPlugin] as [typeof pricingPlugin, typeof analyticsPlugin],
    });
    org = await seedOrganisation(env.crm);
    await seedMarginMonth(env, org, c);
  });
  afterAll(() => env?.close());

  describe('customerClasses.abc by margin', () => {
    it('ranks customers by the margin of their lines with a known cost and reports the lines left out', async () => {
      const abc = await env.crm.services.customerClasses.abc(org.system, {
        basis: 'margin',
        filters: { period: MARCH, currency: 'EUR' },
        thresholds: { a: 60, b: 90 },
      });
      expect(abc.basis).toBe('margin');
      expect(abc.coverage).toEqual({ linesWithoutCost: 2, entriesWithoutLines: 1 });
      expect(abc.total).toEqual({ customers: 3, revenue: '600.00' });
      expect(abc.members.items.map((m) => [m.partyId, m.class, m.revenue])).toEqual([
        [c.c1, 'A', '400.00'],
        [c.c2, 'B', '160.00'],
        [c.c3, 'C', '40.00'],
      ]);
      expect(abc.pareto).toMatchObject({ topCustomers: 1, topRevenue: '400.00' });
      expect(abc.pareto.topRevenueShare).toBeCloseTo(400 / 600, 10);
    });

    it('keeps ranking by revenue by default, with every sale counted and no coverage', async () => {
      const abc = await env.crm.services.customerClasses.abc(org.system, {
        filters: { period: MARCH, currency: 'EUR' },
        thresholds: { a: 60, b: 90 },
      });
      expect(abc.basis).toBe('revenue');
      expect(abc.coverage).toBeNull();
      expect(abc.members.items.map((m) => [m.partyId, m.revenue])).toEqual([
        [c.c1, '1050.00'],
        [c.c4, '900.00'],
        [c.c2, '400.00'],
        [c.c3, '190.00'],
      ]);
    });

    it('saves a margin classification with its members valued at their margin', async () => {
      const saved = await env.crm.services.customerClasses.saveAbc(org.system, {
        name: 'By margin',
        segments: false,
        query: { basis: 'margin', filters: { period: MARCH, currency: 'EUR' }, thresholds: { a: 60, b: 90 } },
      });
      expect(saved.summary).toMatchObject({ basis: 'margin', coverage: { linesWithoutCost: 2 } });
      const members = await env.crm.services.classifications.members(org.system, saved.id, {});
      expect(members.items.map((m) => [m.partyId, m.class, new Decimal(m.value!).toFixed(2)])).toEqual([
        [c.c1, 'A', '400.00'],
        [c.c2, 'B', '160.00'],
        [c.c3, 'C', '40.00'],
      ]);
    });

    it('classifies margin by month for XYZ too', async () => {
      const abc = await env.crm.services.customerClasses.abc(org.system, {
        basis: 'margin',
        filters: { period: MARCH, currency: 'EUR' },
        xyz: true,
      });
      expect(abc.matrix.reduce((n, m) => n + m.customers, 0)).toBe(3);
      expect(abc.members.items.map((m) => m.xyz)).toEqual(['X', 'X', 'X']);
    });
  });

  describe('analytics.query margin', () => {
    it('measures each customer’s margin with the lines and entries it leaves out, as ABC does', async () => {
      const r = await env.crm.services.analytics.query(org.system, {
        measures: ['margin', 'linesWithoutCost', 'entriesWithoutLines', 'netRevenue'],
        dimensions: ['party'],
        filters: { period: MARCH },
      });
      expect(r.rows.map((row) => [row.dimensions.party, row.measures])).toEqual([
        [c.c1, { margin: '400.00', linesWithoutCost: 1, entriesWithoutLines: 0, netRevenue: '1050.00' }],
        [c.c2, { margin: '160.00', linesWithoutCost: 0, entriesWithoutLines: 0, netRevenue: '400.00' }],
        [c.c3, { margin: '40.00', linesWithoutCost: 1, entriesWithoutLines: 0, netRevenue: '190.00' }],
        [c.c4, { margin: null, linesWithoutCost: 0, entriesWithoutLines: 1, netRevenue: '900.00' }],
      ]);
      expect(r.totals.map((t) => [t.currency, t.measures])).toEqual([
        ['EUR', { margin: '600.00', linesWithoutCost: 2, entriesWithoutLines: 1, netRevenue: '2540.00' }],
      ]);
    });

    it('measures margin per product line, the totals over the entries with lines', async () => {
      const r = await env.crm.services.analytics.query(org.system, {
        measures: ['margin', 'linesWithoutCost'],
        dimensions: ['product'],
        filters: { period: MARCH },
      });
      expect(
        r.rows.map((row) => [row.labels.product, row.measures.margin, row.measures.linesWithoutCost]).sort(),
      ).toEqual([
        ['Import', null, 1],
        ['No cost', null, 1],
        ['Widget', '600.00', 0],
      ]);
      expect(r.totals.map((t) => [t.measures.margin, t.measures.linesWithoutCost])).toEqual([['600.00', 2]]);
    });

    it('measures margin by agent and month as revenue goes', async () => {
      const r = await env.crm.services.analytics.query(org.system, {
        measures: ['margin'],
        dimensions: ['employee', 'period.month'],
        filters: { period: MARCH },
      });
      expect(
        r.rows.map((row) => [row.labels.employee, row.dimensions['period.month'], row.measures.margin]),
      ).toEqual([['Alice', '2026-03-01', '600.00']]);
    });
  });
});

describe('customerClasses.abc by margin without pricing', () => {
  let env: AnalyticsTestCrm;
  let org: OrgFixture;
  beforeAll(async () => {
    env = await analyticsTestCrm();
    org = await seedOrganisation(env.crm);
  });
  afterAll(() => env?.close());

  it('refuses the margin measure with INVALID_DATA naming measures', async () => {
    await expect(
      env.crm.services.analytics.query(org.system, {
        measures: ['revenue', 'margin'],
        filters: { period: MARCH },
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      issues: [expect.objectContaining({ path: 'measures.1' })],
    });
  });

  it('refuses a margin basis with INVALID_DATA naming basis', async () => {
    await expect(
      env.crm.services.customerClasses.abc(org.system, {
        basis: 'margin',
        filters: { period: MARCH, currency: 'EUR' },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_DATA', issues: [expect.objectContaining({ path: 'basis' })] });
  });
});

/** The month of the header comment: products, customers c1..c4 (into `c`) and their entries. */
async function seedMarginMonth(env: Env, org: OrgFixture, c: Record<string, string>): Promise<void> {
  const catalogue = env.crm.services.catalogue;
  await catalogue.createProduct(org.system, {
    sku: 'W-1',
    name: 'Widget',
    cost: '60.00',
    costCurrency: 'EUR',
  });
  await catalogue.createProduct(org.system, {
    sku: 'U-1',
    name: 'Import',
    cost: '5.00',
    costCurrency: 'USD',
  });
  await catalogue.createProduct(org.system, { sku: 'N-1', name: 'No cost' });
  for (const name of ['c1', 'c2', 'c3', 'c4'])
    c[name] = (
      await env.crm.services.parties.create(org.system, {
        kind: 'organization',
        organizationName: name,
        ownerId: org.alice.id,
        roles: ['customer'],
      })
    ).party.id;
  const record = (type: string, party: string, day: string, amount: string, items?: object[]) =>
    env.crm.services.journal.record(org.system, {
      type,
      parties: [{ partyId: party }],
      employeeId: org.alice.id,
      occurredAt: new Date(`2026-03-${day}T12:00:00Z`),
      amount,
      currency: 'EUR',
      data: items ? { items } : {},
    } as never);
  const line = (sku: string, quantity: number, unitPrice: string) => ({
    sku,
    name: sku,
    quantity,
    unitPrice,
  });
  await record('sale', c.c1!, '02', '1050.00', [line('W-1', 10, '100.00'), line('N-1', 1, '50.00')]);
  await record('sale', c.c2!, '03', '500.00', [line('W-1', 5, '100.00')]);
  await record('refund', c.c2!, '04', '100.00', [line('W-1', 1, '100.00')]);
  await record('sale', c.c3!, '05', '190.00', [line('W-1', 2, '80.00'), line('U-1', 1, '30.00')]);
  await record('sale', c.c4!, '06', '900.00');
}
