import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsPlugin } from '../src/index.js';

const revenue = (rate: string) => ({ name: `Revenue ${rate} %`, tiers: [{ fromPercent: '0', rate }] });

describe('pay plans', () => {
  let env: TestCrm<[typeof analyticsPlugin]>;
  let org: OrgFixture;
  let customer: string;
  const services = () => env.crm.services;

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [analyticsPlugin] });
    org = await seedOrganisation(env.crm);
    const { party } = await services().parties.create(org.system, {
      kind: 'organization',
      organizationName: 'Acme',
      ownerId: org.bob.id,
    });
    customer = party.id;
  });
  afterAll(() => env?.close());

  it('refuses tiers above the first without a target, naming the rule’s tiers, and writes nothing', async () => {
    const error = await services()
      .payPlans.set(org.as(org.admin), {
        name: 'No target',
        employeeId: org.alice.id,
        validFrom: '2026-01-01',
        rules: [
          {
            name: 'Tiered',
            tiers: [
              { fromPercent: '0', rate: '5' },
              { fromPercent: '100', rate: '8' },
            ],
          },
        ],
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_DATA', details: { issues: [{ path: 'rules.0.tiers' }] } });
    expect(await services().payPlans.list(org.as(org.admin))).toEqual([]);
  });

  it('refuses a margin basis when @rapport/pricing is not installed, naming basis', async () => {
    await expect(
      services().payPlans.set(org.as(org.admin), {
        name: 'Margin',
        role: 'agent',
        validFrom: '2026-01-01',
        basis: 'margin',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_DATA', details: { issues: [{ path: 'basis' }] } });
  });

  it('refuses plans to managers', async () => {
    await expect(
      services().payPlans.set(org.as(org.northManager), {
        name: 'X',
        role: 'agent',
        validFrom: '2026-01-01',
      }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
  });

  it('pays each product category of a sale the rate of the first rule that covers it', async () => {
    await services().payPlans.set(org.as(org.admin), {
      name: 'Bob',
      employeeId: org.bob.id,
      validFrom: '2026-01-01',
      rules: [{ ...revenue('12'), name: 'Services', categories: ['services'] }, revenue('5')],
    });
    const { entry } = await services().journal.record(org.as(org.bob), {
      type: 'sale',
      occurredAt: '2026-01-15T10:00:00Z',
      parties: [{ partyId: customer }],
      amount: '1000',
      currency: 'EUR',
      data: {
        items: [
          { name: 'Server', quantity: 1, unitPrice: '600', extra: { category: 'hardware' } },
          { name: 'Setup', quantity: 2, unitPrice: '200', extra: { category: 'services' } },
        ],
      },
    });
    const run = await services().payRuns.create(org.as(org.admin), { period: '2026-01' });
    const s = await services().payRuns.statement(org.as(org.bob), { runId: run.id, employeeId: org.bob.id });
    // hardware 600 × 5 % = 30.00 (rule 1); services 400 × 12 % = 48.00 (rule 0).
    expect(s.lines.map((l) => [l.entryId, l.rule, l.basis, l.amount])).toEqual([
      [entry.id, 1, '600.0000', '30.0000'],
      [entry.id, 0, '400.0000', '48.0000'],
    ]);
    expect(s.total).toBe('78.0000');
    await services().payRuns.approve(org.as(org.admin), run.id);
  });

  it('applies the version in force on the month’s first day, and refuses a version inside an approved month', async () => {
    await services().payPlans.set(org.as(org.admin), {
      name: 'Bob from March',
      employeeId: org.bob.id,
      validFrom: '2026-03-01',
      baseSalary: '100',
    });
    const versions = await services().payPlans.list(org.as(org.admin), { employeeId: org.bob.id });
    expect(versions.map((v) => [v.validFrom, v.validTo])).toEqual([
      ['2026-03-01', null],
      ['2026-01-01', '2026-03-01'],
    ]);
    const february = await services().payRuns.create(org.as(org.admin), { period: '2026-02' });
    const march = await services().payRuns.create(org.as(org.admin), { period: '2026-03' });
    const of = async (runId: string) =>
      (await services().payRuns.statement(org.as(org.admin), { runId, employeeId: org.bob.id })).base;
    expect([await of(february.id), await of(march.id)]).toEqual(['0.0000', '100.0000']);
    await expect(
      services().payPlans.set(org.as(org.admin), {
        name: 'Too late',
        employeeId: org.bob.id,
        validFrom: '2026-01-01',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT', details: { field: 'validFrom' } });
  });

  it('approves runs in order only, each computed after the approval of the one before', async () => {
    const admin = org.as(org.admin);
    const runs = await services().payRuns.list(admin);
    const february = runs.find((r) => r.periodStart === '2026-02-01')!;
    const march = runs.find((r) => r.periodStart === '2026-03-01')!;
    await expect(services().payRuns.approve(admin, march.id)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { field: 'status', status: 'draft' },
    });
    await services().payRuns.approve(admin, february.id);
    await expect(services().payRuns.approve(admin, march.id)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { field: 'computedAt' },
    });
    await services().payRuns.recompute(admin, march.id);
    await expect(services().payRuns.approve(admin, march.id)).resolves.toMatchObject({ status: 'approved' });
  });
});
