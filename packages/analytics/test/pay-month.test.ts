import { RapportError } from '@rapport/core';
import { adminQuery, createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsPlugin } from '../src/index.js';
import type { PayRun, PayStatement } from '../src/pay/index.js';

/*
 * The hand-computed months (tenant time zone UTC, EUR).
 *
 * Plans: role `agent` — base 2000.00, target 10000 (in the plan), rules in order:
 *   0 "New customers": 10 % flat; 1 "Revenue": 5 % up to 100 % of target, 8 % above.
 * Carol (her own plan) — base 1500.00, target 5000, one rule "Revenue": 5 % / 8 % above 100 %,
 *   cap 300.00 per month. Managers and the administrator have no plan: no statement.
 * February (no run): Alice sells to Acme, Bob to Globex, Carol to Umbrella: they are existing customers.
 *
 * March:
 *   M1 03-03 Alice → Acme (existing) 6000.00            cum 0 → 6000     5 %  = 300.00
 *   M2 03-10 Alice → Initech (new) 3000.00               new rule 10 %     = 300.00   cum 9000
 *   B1 03-12 Bob → Hooli (new) 1234.56                   new rule 10 % = 123.456 → 123.46
 *   S  03-15 Bob → Globex (existing) 2000.00, split Alice 60 / Bob 40:
 *        Alice 1200.00: cum 9000 → 10200: 1000 × 5 % = 50.00, 200 × 8 % = 16.00
 *        Bob     800.00: cum 1234.56 → 2034.56: 5 % = 40.00
 *   M3 03-20 Alice → Acme 2500.00                        cum 10200 → 12700: 8 % = 200.00
 *   C1 03-05 Carol → Umbrella 4000.00                    5 % = 200.00
 *   C2 03-25 Carol → Umbrella 3000.00                    cum 4000 → 7000: 1000 × 5 % = 50.00, 2000 × 8 % = 160.00
 *   Alice: 2000 + (300 + 300 + 50 + 16 + 200 = 866.00)                  = 2866.00
 *   Bob:   2000 + (123.46 + 40.00 = 163.46)                              = 2163.46
 *   Carol: 1500 + earned 410.00, capped at 300.00 (cap line −110.00)    = 1800.00
 *
 * March is approved. Then:
 *   R  04-05 refund of 1000.00 of M3 (a sale paid in March): Alice's clawback = 1000 / 2500 × 200.00 = −80.00
 *   A1 04-08 Alice → Initech (existing since M2) 2000.00   5 % = 100.00
 *   B1 amended in April to 1000.00 (it happened in March, which is approved): Bob's March commission
 *     for B1 is reversed (−123.46) and the amended sale is paid as a late sale: Hooli is still new
 *     (the superseded B1 does not count), 10 % = 100.00
 *   Alice: 2000 + 100.00 − 80.00 = 2020.00
 *   Bob:   2000 + 100.00 − 123.46 = 1976.54
 *   C2 is refunded by 1500.00 on 04-06. March capped Carol at 300.00 of 410.00 earned, so each of
 *   her March sales was paid pro rata: C1 200.00 × 300 / 410 = 146.3415, C2 210.00 × 300 / 410 =
 *   153.6585 (the ledger, to 4 decimals). The clawback takes back half of what C2 was paid:
 *   1500 / 3000 × 153.6585 = 76.82925 → −76.83 (not half of the 210.00 it earned before the cap).
 *   Carol: 1500.00 − 76.83 = 1423.17
 */
describe('agents’ pay on a hand-computed month', () => {
  let env: TestCrm<[typeof analyticsPlugin]>;
  let org: OrgFixture;
  let march: PayRun;
  let april: PayRun;
  const ids: Record<string, string> = {};
  const customers: Record<string, string> = {};
  const pay = () => env.crm.services;
  const statementOf = (run: PayRun, employeeId: string) =>
    pay().payRuns.statement(org.as(org.admin), { runId: run.id, employeeId });

  async function sale(
    key: string,
    who: OrgFixture['alice'],
    customer: string,
    occurredAt: string,
    amount: string,
    extra: object = {},
  ) {
    const { entry } = await pay().journal.record(org.as(who), {
      type: 'sale',
      occurredAt,
      parties: [{ partyId: customers[customer]! }],
      amount,
      currency: 'EUR',
      ...extra,
    });
    ids[key] = entry.id;
  }

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [analyticsPlugin] });
    org = await seedOrganisation(env.crm);
    for (const [name, owner] of [
      ['Acme', org.alice],
      ['Initech', org.alice],
      ['Hooli', org.bob],
      ['Globex', org.bob],
      ['Umbrella', org.carol],
    ] as const) {
      const { party } = await pay().parties.create(org.system, {
        kind: 'organization',
        organizationName: name,
        ownerId: owner.id,
      });
      customers[name] = party.id;
    }
    const admin = org.as(org.admin);
    await pay().payPlans.set(admin, {
      name: 'Agents',
      role: 'agent',
      validFrom: '2026-01-01',
      baseSalary: '2000',
      targetSource: 'plan',
      target: '10000',
      rules: [
        { name: 'New customers', customers: 'new', tiers: [{ fromPercent: '0', rate: '10' }] },
        {
          name: 'Revenue',
          tiers: [
            { fromPercent: '0', rate: '5' },
            { fromPercent: '100', rate: '8' },
          ],
        },
      ],
    });
    await pay().payPlans.set(admin, {
      name: 'Carol',
      employeeId: org.carol.id,
      validFrom: '2026-01-01',
      baseSalary: '1500',
      targetSource: 'plan',
      target: '5000',
      cap: '300',
      rules: [
        {
          name: 'Revenue',
          tiers: [
            { fromPercent: '0', rate: '5' },
            { fromPercent: '100', rate: '8' },
          ],
        },
      ],
    });
    await sale('F1', org.alice, 'Acme', '2026-02-10T10:00:00Z', '1000');
    await sale('F2', org.bob, 'Globex', '2026-02-11T10:00:00Z', '500');
    await sale('F3', org.carol, 'Umbrella', '2026-02-12T10:00:00Z', '700');
    await sale('M1', org.alice, 'Acme', '2026-03-03T10:00:00Z', '6000');
    await sale('M2', org.alice, 'Initech', '2026-03-10T10:00:00Z', '3000');
    await sale('B1', org.bob, 'Hooli', '2026-03-12T10:00:00Z', '1234.56');
    await sale('S', org.bob, 'Globex', '2026-03-15T10:00:00Z', '2000');
    await sale('M3', org.alice, 'Acme', '2026-03-20T10:00:00Z', '2500');
    await sale('C1', org.carol, 'Umbrella', '2026-03-05T10:00:00Z', '4000');
    await sale('C2', org.carol, 'Umbrella', '2026-03-25T10:00:00Z', '3000');
    await pay().paySplits.set(org.as(org.northManager), {
      entryId: ids.S!,
      shares: [
        { employeeId: org.alice.id, percent: 60 },
        { employeeId: org.bob.id, percent: '40' },
      ],
    });
    march = await pay().payRuns.create(admin, { period: '2026-03' });
  });
  afterAll(() => env?.close());

  const totals = (s: PayStatement) => ({
    base: s.base,
    earned: s.earned,
    commission: s.commission,
    adjustments: s.adjustments,
    total: s.total,
  });

  it('pays Alice her base, tiered commission, the new-customer rate and her 60 % of the split sale', async () => {
    const s = await statementOf(march, org.alice.id);
    expect(totals(s)).toEqual({
      base: '2000.0000',
      earned: '866.0000',
      commission: '866.0000',
      adjustments: '0.0000',
      total: '2866.0000',
    });
    expect(s.revenue).toBe('12700.0000');
    expect(
      s.lines.map((l) => [l.kind, l.entryId, l.rule, l.tier, l.basis, l.share, l.rate, l.amount]),
    ).toEqual([
      ['base', null, null, null, null, null, null, '2000.0000'],
      ['commission', ids.M1, 1, 0, '6000.0000', '100.0000', '5.0000', '300.0000'],
      ['commission', ids.M2, 0, 0, '3000.0000', '100.0000', '10.0000', '300.0000'],
      ['commission', ids.S, 1, 0, '1000.0000', '60.0000', '5.0000', '50.0000'],
      ['commission', ids.S, 1, 1, '200.0000', '60.0000', '8.0000', '16.0000'],
      ['commission', ids.M3, 1, 1, '2500.0000', '100.0000', '8.0000', '200.0000'],
    ]);
  });

  it('pays Bob his 40 % of the split sale and rounds the new-customer commission to the cent', async () => {
    const s = await statementOf(march, org.bob.id);
    expect(totals(s)).toEqual({
      base: '2000.0000',
      earned: '163.4600',
      commission: '163.4600',
      adjustments: '0.0000',
      total: '2163.4600',
    });
    expect(s.lines.filter((l) => l.kind === 'commission').map((l) => [l.entryId, l.amount])).toEqual([
      [ids.B1, '123.4600'],
      [ids.S, '40.0000'],
    ]);
  });

  it('caps Carol’s commission at 300.00 with a cap line', async () => {
    const s = await statementOf(march, org.carol.id);
    expect(totals(s)).toEqual({
      base: '1500.0000',
      earned: '410.0000',
      commission: '300.0000',
      adjustments: '0.0000',
      total: '1800.0000',
    });
    expect(s.lines.at(-1)).toMatchObject({ kind: 'cap', amount: '-110.0000' });
  });

  it('gives statements only to employees with a plan', async () => {
    const statements = await pay().payRuns.statements(org.as(org.admin), march.id);
    expect(statements.map((s) => s.employeeName)).toEqual(['Alice', 'Bob', 'Carol']);
  });

  it('recomputes a draft run to the same statements', async () => {
    const before = await statementOf(march, org.alice.id);
    const again = await pay().payRuns.recompute(org.as(org.admin), march.id);
    const after = await statementOf(march, org.alice.id);
    expect(again.version).toBe(march.version + 1);
    expect(after.id).not.toBe(before.id);
    expect({ ...after, id: '' }).toEqual({ ...before, id: '' });
  });

  it('lets an agent read only their own statement and a manager their subtree’s', async () => {
    await expect(
      pay().payRuns.statement(org.as(org.alice), { runId: march.id, employeeId: org.alice.id }),
    ).resolves.toMatchObject({ total: '2866.0000' });
    await expect(
      pay().payRuns.statement(org.as(org.alice), { runId: march.id, employeeId: org.bob.id }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(
      pay().payRuns.statement(org.as(org.northManager), { runId: march.id, employeeId: org.bob.id }),
    ).resolves.toMatchObject({ total: '2163.4600' });
    await expect(
      pay().payRuns.statement(org.as(org.northManager), { runId: march.id, employeeId: org.carol.id }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    expect((await pay().payRuns.statements(org.as(org.bob), march.id)).map((s) => s.employeeName)).toEqual([
      'Bob',
    ]);
  });

  it('refuses runs to anyone but an administrator', async () => {
    await expect(pay().payRuns.create(org.as(org.northManager), { period: '2026-05' })).rejects.toMatchObject(
      {
        code: 'NOT_ALLOWED',
      },
    );
  });

  it('refuses a split whose percents do not add up to 100, naming shares, and writes nothing', async () => {
    const error = await pay()
      .paySplits.set(org.as(org.admin), {
        entryId: ids.M1!,
        shares: [
          { employeeId: org.alice.id, percent: 60 },
          { employeeId: org.bob.id, percent: 30 },
        ],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RapportError);
    expect(error).toMatchObject({ code: 'INVALID_DATA', details: { issues: [{ path: 'shares' }] } });
  });

  describe('after March is approved', () => {
    beforeAll(async () => {
      const admin = org.as(org.admin);
      march = await pay().payRuns.approve(admin, march.id);
      await pay().journal.record(org.as(org.alice), {
        type: 'refund',
        occurredAt: '2026-04-05T10:00:00Z',
        parties: [{ partyId: customers.Acme! }],
        amount: '1000',
        currency: 'EUR',
        subject: { type: 'sale', id: ids.M3! },
      });
      await pay().journal.record(org.as(org.carol), {
        type: 'refund',
        occurredAt: '2026-04-06T10:00:00Z',
        parties: [{ partyId: customers.Umbrella! }],
        amount: '1500',
        currency: 'EUR',
        subject: { type: 'sale', id: ids.C2! },
      });
      await sale('A1', org.alice, 'Initech', '2026-04-08T10:00:00Z', '2000');
      const amended = await pay().journal.amend(org.as(org.bob), ids.B1!, {
        amount: '1000',
        reason: 'price corrected',
      });
      ids.B1b = amended.id;
      april = await pay().payRuns.create(admin, { period: '2026-04' });
    });

    it('locks the approved run: recomputing or approving it again is a conflict naming status', async () => {
      for (const attempt of [
        () => pay().payRuns.recompute(org.as(org.admin), march.id),
        () => pay().payRuns.approve(org.as(org.admin), march.id),
      ]) {
        const error = await attempt().catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'CONFLICT', details: { field: 'status', status: 'approved' } });
      }
      expect((await statementOf(march, org.alice.id)).total).toBe('2866.0000');
    });

    it('claws back the refunded part of the March sale in April, at the rate it was paid', async () => {
      const s = await statementOf(april, org.alice.id);
      expect(totals(s)).toEqual({
        base: '2000.0000',
        earned: '100.0000',
        commission: '100.0000',
        adjustments: '-80.0000',
        total: '2020.0000',
      });
      const clawback = s.lines.find((l) => l.kind === 'clawback')!;
      expect(clawback).toMatchObject({
        saleId: ids.M3,
        basis: '-1000.0000',
        rate: '8.0000',
        amount: '-80.0000',
      });
    });

    it('reverses the paid commission of a sale amended after approval and pays the amended sale late', async () => {
      const s = await statementOf(april, org.bob.id);
      expect(totals(s)).toEqual({
        base: '2000.0000',
        earned: '100.0000',
        commission: '100.0000',
        adjustments: '-123.4600',
        total: '1976.5400',
      });
      expect(s.lines.map((l) => [l.kind, l.entryId, l.amount])).toEqual([
        ['base', null, '2000.0000'],
        ['commission', ids.B1b, '100.0000'],
        ['adjustment', ids.B1, '-123.4600'],
      ]);
    });

    it('records in the ledger what each capped sale was actually paid, pro rata of the cap', async () => {
      const rows = await adminQuery<{ entry_id: string; commission: string }>(
        `select entry_id, commission::text from analytics_pay_ledger where employee_id = $1 order by commission`,
        [org.carol.id],
        { adminUrl: env.database.adminUrl },
      );
      expect(rows.map((r) => [r.entry_id, r.commission])).toEqual([
        [ids.C1, '146.3415'],
        [ids.C2, '153.6585'],
      ]);
    });

    it('claws back only what the capped sale was paid, and says so on the line', async () => {
      const s = await statementOf(april, org.carol.id);
      expect(totals(s)).toEqual({
        base: '1500.0000',
        earned: '0.0000',
        commission: '0.0000',
        adjustments: '-76.8300',
        total: '1423.1700',
      });
      const clawback = s.lines.find((l) => l.kind === 'clawback')!;
      expect(clawback).toMatchObject({ saleId: ids.C2, basis: '-1500.0000', amount: '-76.8300' });
      expect(clawback.note).toContain('capped the commission at 300.00 of 410.00 earned');
      expect(clawback.note).toContain('153.6585');
    });
  });
});
