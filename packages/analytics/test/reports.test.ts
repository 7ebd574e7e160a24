import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsTestCrm, analyticsTestCrm, type OrgFixture, seedOrganisation } from './fixture.js';
import { MARCH, seedSales } from './sales-data.js';

describe('saved reports', () => {
  let env: AnalyticsTestCrm;
  let org: OrgFixture;
  const definition = {
    measures: ['revenue'],
    dimensions: ['employee'],
    filters: { period: MARCH, types: ['sale'], currency: 'EUR' },
  };

  beforeAll(async () => {
    env = await analyticsTestCrm();
    org = await seedOrganisation(env.crm);
    await seedSales(env.crm, org);
  });
  afterAll(() => env?.close());

  it('saves a report, re-runs it as its owner and varies a copy', async () => {
    const reports = env.crm.services.reports;
    const report = await reports.save(org.as(org.alice), {
      name: 'Sales by agent',
      analysis: 'query',
      definition,
      chart: 'bar',
    });
    expect(report).toMatchObject({ ownerId: org.alice.id, chart: 'bar', version: 1, basedOnId: null });
    // Alice sees her own customers' sales: 1234.50 EUR (Bob's sales to c3 are hidden from her).
    const run = await reports.run(org.as(org.alice), report.id);
    expect(
      (run.result as { rows: Array<{ measures: { revenue: string } }> }).rows.map((r) => r.measures.revenue),
    ).toEqual(['1234.50']);
    const copy = await reports.copy(org.as(org.alice), report.id, {
      name: 'Orders by agent',
      changes: { measures: ['orders'] },
    });
    expect(copy).toMatchObject({
      basedOnId: report.id,
      definition: { measures: ['orders'], dimensions: ['employee'] },
    });
  });

  it('shares a report with a department: its members read it, only the owner side changes it', async () => {
    const reports = env.crm.services.reports;
    const report = await reports.save(org.as(org.northManager), {
      name: 'North sales',
      analysis: 'query',
      definition,
      departmentId: org.departments.north,
    });
    expect((await reports.list(org.as(org.bob))).map((r) => r.id)).toContain(report.id);
    expect((await reports.list(org.as(org.carol))).map((r) => r.id)).not.toContain(report.id);
    await expect(reports.get(org.as(org.carol), report.id)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(reports.update(org.as(org.bob), report.id, { name: 'Mine now' })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    const renamed = await reports.update(org.as(org.salesManager), report.id, { name: 'North sales (EUR)' });
    expect(renamed).toMatchObject({ name: 'North sales (EUR)', version: 2 });
  });

  it('refuses a definition its analysis does not accept, naming the field, and saves nothing', async () => {
    const reports = env.crm.services.reports;
    await expect(
      reports.save(org.as(org.bob), {
        name: 'Broken',
        analysis: 'query',
        definition: { measures: ['nope'], filters: { period: MARCH } },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_DATA', issues: [{ path: 'measures.0' }] });
    await expect(
      reports.save(org.as(org.bob), { name: 'Broken', analysis: 'astrology', definition: {} }),
    ).rejects.toMatchObject({ code: 'INVALID_DATA', issues: [{ path: 'analysis' }] });
    expect((await reports.list(org.as(org.bob))).map((r) => r.name)).not.toContain('Broken');
  });

  it('runs a saved ABC report', async () => {
    const report = await env.crm.services.reports.save(org.system, {
      name: 'ABC March',
      analysis: 'abc',
      definition: { filters: { period: MARCH, currency: 'EUR' } },
    });
    const run = await env.crm.services.reports.run(org.system, report.id);
    // March EUR net revenue: c1 1200.00, c3 750.25.
    expect(run.result).toMatchObject({ total: { customers: 2, revenue: '1950.25' } });
  });
});
