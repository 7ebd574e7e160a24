import { pricingPlugin } from '@rapport/pricing';
import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsPlugin } from '../src/index.js';
import type { PayRun, PayStatement } from '../src/pay/index.js';

/*
 * A hand-computed margin month (tenant UTC, EUR), with `@rapport/pricing` installed.
 * Products: W-1 cost 60.00 EUR; N-1 without a cost. Plan (role agent): base 1000.00, basis margin,
 * target 500 (margin), one rule "Margin": 10 % up to 100 % of target, 20 % above.
 *
 * March:
 *   M1 03-03 Alice → Acme: 10 × W-1 @ 100 (margin 400) + 1 × N-1 @ 50 (no cost: left out)
 *        Alice cum 0 → 400: 10 % = 40.00
 *   S  03-10 Bob → Globex: 5 × W-1 @ 100 (margin 200), split Alice 60 / Bob 40
 *        Alice 120: cum 400 → 520: 100 × 10 % = 10.00, 20 × 20 % = 4.00;  Bob 80: 10 % = 8.00
 *   R1 03-15 refund of S (not paid yet): 1 × W-1 @ 100 (margin −40), credited like S
 *        Alice −24: cum 520 → 496: −4 × 10 % = −0.40, −20 × 20 % = −4.00;  Bob −16: 10 % = −1.60
 *   N  03-20 Bob → Hooli 300.00 without lines: margin unknown, a 0 line
 *   Alice: 1000 + 40 + 10 + 4 − 0.40 − 4.00 = 1049.60 (revenue 1050 + 300 − 60 = 1290)
 *   Bob:   1000 + 8 − 1.60 = 1006.40 (revenue 200 − 40 + 300 = 460)
 * Carol (her own plan, margin, no target): rules "Tools" (category tools) 10 %, "Other" 2 %; B-1 cost 19.00.
 *   C1 03-05 Carol → Umbrella: 10 × W-1 @ 100 tools (margin 400) + 10 × B-1 @ 20 parts (margin 10)
 *        tools 400 × 10 % = 40.00, parts 10 × 2 % = 0.20 — each category its own lines' margin
 *        (in proportion to revenue it would have been 341.67 → 34.17 and 68.33 → 1.37)
 * March approved. April:
 *   R2 04-05 refund of M1 (paid): 2 × W-1 @ 100, margin 80 of M1's 400 → Alice −80/400 × 40.00 = −8.00
 *        (by revenue it would have been −200/1050 × 40.00 = −7.62)
 */
describe('agents’ pay on margin (with pricing’s sale lines and product costs)', () => {
  let env: TestCrm<[typeof pricingPlugin, typeof analyticsPlugin]>;
  let org: OrgFixture;
  let march: PayRun;
  let april: PayRun;
  const ids: Record<string, string> = {};
  const customers: Record<string, string> = {};
  const services = () => env.crm.services;
  const statementOf = (run: PayRun, employeeId: string) =>
    services().payRuns.statement(org.as(org.admin), { runId: run.id, employeeId });
  const line = (sku: string, quantity: number, unitPrice: string) => ({
    sku,
    name: sku,
    quantity,
    unitPrice,
  });

  async function record(
    key: string,
    type: 'sale' | 'refund',
    who: OrgFixture['alice'],
    customer: string,
    occurredAt: string,
    amount: string,
    items?: object[],
    saleKey?: string,
  ) {
    const { entry } = await services().journal.record(org.as(who), {
      type,
      occurredAt,
      parties: [{ partyId: customers[customer]! }],
      amount,
      currency: 'EUR',
      ...(items ? { data: { items } } : {}),
      ...(saleKey ? { subject: { type: 'sale', id: ids[saleKey]! } } : {}),
    } as never);
    ids[key] = entry.id;
  }

  beforeAll(async () => {
    env = await createTestCrm({
      plugins: [pricingPlugin, analyticsPlugin] as [typeof pricingPlugin, typeof analyticsPlugin],
    });
    org = await seedOrganisation(env.crm);
    await services().catalogue.createProduct(org.system, {
      sku: 'W-1',
      name: 'Widget',
      cost: '60.00',
      costCurrency: 'EUR',
    });
    await services().catalogue.createProduct(org.system, { sku: 'N-1', name: 'No cost' });
    await services().catalogue.createProduct(org.system, {
      sku: 'B-1',
      name: 'Bolts',
      cost: '19.00',
      costCurrency: 'EUR',
    });
    for (const [name, owner] of [
      ['Acme', org.alice],
      ['Globex', org.bob],
      ['Hooli', org.bob],
      ['Umbrella', org.carol],
    ] as const)
      customers[name] = (
        await services().parties.create(org.system, {
          kind: 'organization',
          organizationName: name,
          ownerId: owner.id,
        })
      ).party.id;
    const admin = org.as(org.admin);
    await services().payPlans.set(admin, {
      name: 'Agents on margin',
      role: 'agent',
      validFrom: '2026-01-01',
      baseSalary: '1000',
      basis: 'margin',
      targetSource: 'plan',
      target: '500',
      rules: [
        {
          name: 'Margin',
          tiers: [
            { fromPercent: '0', rate: '10' },
            { fromPercent: '100', rate: '20' },
          ],
        },
      ],
    });
    await record('M1', 'sale', org.alice, 'Acme', '2026-03-03T10:00:00Z', '1050.00', [
      line('W-1', 10, '100.00'),
      line('N-1', 1, '50.00'),
    ]);
    await record('S', 'sale', org.bob, 'Globex', '2026-03-10T10:00:00Z', '500.00', [
      line('W-1', 5, '100.00'),
    ]);
    await services().paySplits.set(org.as(org.northManager), {
      entryId: ids.S!,
      shares: [
        { employeeId: org.alice.id, percent: 60 },
        { employeeId: org.bob.id, percent: 40 },
      ],
    });
    await record(
      'R1',
      'refund',
      org.bob,
      'Globex',
      '2026-03-15T10:00:00Z',
      '100.00',
      [line('W-1', 1, '100.00')],
      'S',
    );
    await services().payPlans.set(admin, {
      name: 'Carol on margin',
      employeeId: org.carol.id,
      validFrom: '2026-01-01',
      basis: 'margin',
      rules: [
        { name: 'Tools', categories: ['tools'], tiers: [{ fromPercent: '0', rate: '10' }] },
        { name: 'Other', tiers: [{ fromPercent: '0', rate: '2' }] },
      ],
    });
    await record('C1', 'sale', org.carol, 'Umbrella', '2026-03-05T10:00:00Z', '1200.00', [
      { ...line('W-1', 10, '100.00'), extra: { category: 'tools' } },
      { ...line('B-1', 10, '20.00'), extra: { category: 'parts' } },
    ]);
    await record('N', 'sale', org.bob, 'Hooli', '2026-03-20T10:00:00Z', '300.00');
    march = await services().payRuns.create(admin, { period: '2026-03' });
  });
  afterAll(() => env?.close());

  const totals = (s: PayStatement) => ({ revenue: s.revenue, earned: s.earned, total: s.total });

  it('pays Alice tiered commission on the margin of her lines with a known cost, her split share, less the refund', async () => {
    const s = await statementOf(march, org.alice.id);
    expect(totals(s)).toEqual({ revenue: '1290.0000', earned: '49.6000', total: '1049.6000' });
    expect(
      s.lines.filter((l) => l.kind === 'commission').map((l) => [l.entryId, l.tier, l.basis, l.amount]),
    ).toEqual([
      [ids.M1, 0, '400.0000', '40.0000'],
      [ids.S, 0, '100.0000', '10.0000'],
      [ids.S, 1, '20.0000', '4.0000'],
      [ids.R1, 0, '-4.0000', '-0.4000'],
      [ids.R1, 1, '-20.0000', '-4.0000'],
    ]);
    expect(s.lines.find((l) => l.entryId === ids.M1)?.note).toContain(
      '1 line(s) without a known cost left out',
    );
  });

  it('pays Bob on his 40 % of the margin and nothing on a sale whose margin is unknown', async () => {
    const s = await statementOf(march, org.bob.id);
    expect(totals(s)).toEqual({ revenue: '460.0000', earned: '6.4000', total: '1006.4000' });
    expect(s.lines.filter((l) => l.kind === 'commission').map((l) => [l.entryId, l.basis, l.amount])).toEqual(
      [
        [ids.S, '80.0000', '8.0000'],
        [ids.R1, '-16.0000', '-1.6000'],
        [ids.N, '0.0000', '0.0000'],
      ],
    );
    expect(s.lines.find((l) => l.entryId === ids.N)?.note).toContain('no line with a known cost');
  });

  it('pays each product category of a sale on the margin of its own lines', async () => {
    const s = await statementOf(march, org.carol.id);
    expect(s.lines.filter((l) => l.kind === 'commission').map((l) => [l.rule, l.basis, l.amount])).toEqual([
      [1, '10.0000', '0.2000'],
      [0, '400.0000', '40.0000'],
    ]);
    expect(s.earned).toBe('40.2000');
  });

  it('claws back the refunded lines’ share of the paid sale’s margin after approval', async () => {
    const admin = org.as(org.admin);
    await services().payRuns.approve(admin, march.id);
    await record(
      'R2',
      'refund',
      org.alice,
      'Acme',
      '2026-04-05T10:00:00Z',
      '200.00',
      [line('W-1', 2, '100.00')],
      'M1',
    );
    april = await services().payRuns.create(admin, { period: '2026-04' });
    const s = await statementOf(april, org.alice.id);
    expect(s.lines.filter((l) => l.kind === 'clawback').map((l) => [l.entryId, l.basis, l.amount])).toEqual([
      [ids.R2, '-80.0000', '-8.0000'],
    ]);
    expect(s.total).toBe('992.0000');
  });
});
