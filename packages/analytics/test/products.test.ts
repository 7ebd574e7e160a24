import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnalyticsTestCrm,
  adminSql,
  analyticsTestCrm,
  type OrgFixture,
  seedOrganisation,
} from './fixture.js';
import { MARCH, seedSales } from './sales-data.js';

const CATEGORY_TOOLS = '00000000-0000-7000-8000-0000000000c1';
const CATEGORY_PARTS = '00000000-0000-7000-8000-0000000000c2';
const DRILL = '00000000-0000-7000-8000-0000000000a1';
const BOLTS = '00000000-0000-7000-8000-0000000000a2';

/**
 * `@rapport/pricing` is built on its own branch: this test stands in for it with its sale-line
 * projection's columns (`pricing_sale_line`, `pricing_product`, `pricing_category`, as pricing's
 * migrations create them), created as administrator when they are missing.
 * Lines (March, EUR): s1 (c1, 1000.00) = drill 600.00 + bolts 400.00; s4 (c3, 500.00) = drill 500.00;
 * refund r1 (c1, 34.50) = bolts 34.50. Net: drill 1100.00 (Tools), bolts 365.50 (Parts).
 */
describe('analytics.query by product and category (with pricing’s sale lines)', () => {
  let env: AnalyticsTestCrm;
  let org: OrgFixture;

  beforeAll(async () => {
    env = await analyticsTestCrm();
    org = await seedOrganisation(env.crm);
    await seedSales(env.crm, org);
    const sql = <T extends Record<string, unknown> = Record<string, unknown>>(
      text: string,
      values: unknown[] = [],
    ) => adminSql<T>(env.database.adminUrl, text, values);
    await sql(`create table if not exists pricing_category (tenant_id uuid not null, id uuid not null, code text not null,
      name text not null, primary key (tenant_id, id))`);
    await sql(`create table if not exists pricing_product (tenant_id uuid not null, id uuid not null, sku text not null,
      default_locale text not null, name jsonb not null, category_id uuid, primary key (tenant_id, id))`);
    await sql(`create table if not exists pricing_sale_line (tenant_id uuid not null, id uuid not null, entry_id uuid not null,
      line_no int not null, kind text not null, party_id uuid, product_id uuid, sku text, name text not null,
      quantity numeric(22, 6) not null, net_amount numeric(22, 6) not null, total numeric(22, 6) not null,
      currency char(3) not null, occurred_at timestamptz not null, primary key (tenant_id, id))`);
    await sql('grant select on pricing_category, pricing_product, pricing_sale_line to rapport_app');
    const t = org.tenantId;
    await sql(`insert into pricing_category values ($1, $2, 'tools', 'Tools'), ($1, $3, 'parts', 'Parts')`, [
      t,
      CATEGORY_TOOLS,
      CATEGORY_PARTS,
    ]);
    await sql(
      `insert into pricing_product values ($1, $2, 'D-1', 'en', '{"en": "Drill"}', $3), ($1, $4, 'B-1', 'en', '{"en": "Bolts"}', $5)`,
      [t, DRILL, CATEGORY_TOOLS, BOLTS, CATEGORY_PARTS],
    );
    const entry = async (type: string, amount: string) =>
      (
        await sql<{ id: string; party_id: string; occurred_at: Date }>(
          `select e.id, l.party_id, e.occurred_at from core_journal_entry e join core_journal_party l on l.entry_id = e.id
           where e.tenant_id = $1 and e.type = $2 and e.amount = $3`,
          [t, type, amount],
        )
      )[0]!;
    const line = async (type: string, amount: string, no: number, product: string, net: string) => {
      const e = await entry(type, amount);
      await sql(
        `insert into pricing_sale_line values ($1, gen_random_uuid(), $2, $3, $4, $5, $6, null, 'line', 1, $7, $7, 'EUR', $8)`,
        [t, e.id, no, type, e.party_id, product, net, e.occurred_at],
      );
    };
    await line('sale', '1000.00', 1, DRILL, '600.00');
    await line('sale', '1000.00', 2, BOLTS, '400.00');
    await line('sale', '500.00', 1, DRILL, '500.00');
    await line('refund', '34.50', 1, BOLTS, '34.50');
  });
  afterAll(() => env?.close());

  it('sums the lines’ net amounts per product, refunds subtracted', async () => {
    const r = await env.crm.services.analytics.query(org.system, {
      measures: ['netRevenue', 'count'],
      dimensions: ['product'],
      filters: { period: MARCH },
    });
    expect(
      r.rows.map((row) => [row.labels.product, row.currency, row.measures.netRevenue, row.measures.count]),
    ).toEqual([
      ['Drill', 'EUR', '1100.00', 2],
      ['Bolts', 'EUR', '365.50', 2],
    ]);
  });

  it('counts each entry once in the totals, at its own amount, whatever its lines', async () => {
    const r = await env.crm.services.analytics.query(org.system, {
      measures: ['revenue', 'netRevenue', 'count', 'entries'],
      dimensions: ['category'],
      filters: { period: MARCH },
    });
    // The entries with lines: s1 1000.00 (two lines), s4 500.00, r1 34.50 — three entries, not four lines.
    expect(r.totals.map((t) => [t.currency, t.measures])).toEqual([
      ['EUR', { revenue: '1500.00', netRevenue: '1465.50', count: 3, entries: 3 }],
    ]);
  });

  it('sums them per category', async () => {
    const r = await env.crm.services.analytics.query(org.system, {
      measures: ['revenue'],
      dimensions: ['category'],
      filters: { period: MARCH },
    });
    expect(r.rows.map((row) => [row.labels.category, row.measures.revenue])).toEqual([
      ['Tools', '1100.00'],
      ['Parts', '400.00'],
    ]);
  });
});
