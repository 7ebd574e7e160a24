import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsTestCrm, analyticsTestCrm, type OrgFixture, seedOrganisation } from './fixture.js';
import { MARCH, type SalesData, seedSales } from './sales-data.js';

const definition = { measures: ['revenue'], dimensions: ['employee'], filters: { period: MARCH } };

describe('saved reports when their owner leaves or their parties merge', () => {
  let env: AnalyticsTestCrm;
  let org: OrgFixture;
  let sales: SalesData;

  beforeAll(async () => {
    env = await analyticsTestCrm();
    org = await seedOrganisation(env.crm);
    sales = await seedSales(env.crm, org);
  });
  afterAll(() => env?.close());

  const leaver = (name: string) =>
    env.crm.services.employees.create(org.system, {
      name,
      departmentId: org.departments.north,
      role: 'agent',
    });
  const save = (ctx: ReturnType<OrgFixture['as']>, name: string, extra: object = {}) =>
    env.crm.services.reports.save(ctx, { name, analysis: 'query', definition: { ...definition, ...extra } });

  it('hands a leaver’s reports to the heir, renaming one whose name the heir already uses', async () => {
    const dana = await leaver('Dana');
    const weekly = await save(org.as(dana), 'Weekly');
    const pipeline = await save(org.as(dana), 'Pipeline');
    await save(org.as(org.bob), 'pipeline');
    await env.crm.services.employees.deactivate(org.as(org.admin), dana.id, {
      heirId: org.bob.id,
      reason: 'left',
    });
    const bobs = await env.crm.services.reports.list(org.as(org.bob));
    const mine = bobs.filter((r) => r.ownerId === org.bob.id);
    expect(mine.map((r) => r.name).sort()).toEqual([
      `Pipeline (Dana, ${pipeline.id.slice(0, 8)})`,
      'Weekly',
      'pipeline',
    ]);
    expect(mine.find((r) => r.id === weekly.id)).toMatchObject({ version: 2 });
    await expect(env.crm.services.reports.run(org.as(org.bob), pipeline.id)).resolves.toBeTruthy();
  });

  it('keeps the reports with a leaver whose customers are left unassigned, for managers and administrators', async () => {
    const eve = await leaver('Eve');
    const report = await save(org.as(eve), 'Eve’s sales');
    await env.crm.services.employees.deactivate(org.as(org.admin), eve.id, {
      leaveUnassigned: true,
      reason: 'left',
    });
    await expect(env.crm.services.reports.get(org.as(org.admin), report.id)).resolves.toMatchObject({
      ownerId: eve.id,
    });
  });

  it('repoints a report’s party ids at the survivor of a merge', async () => {
    const report = await save(org.as(org.admin), 'Paris and Berlin', {
      filters: { period: MARCH, partyIds: [sales.c2, sales.c3] },
    });
    await env.crm.services.merges.merge(org.system, { survivorId: sales.c1, mergedId: sales.c2 });
    const after = await env.crm.services.reports.get(org.as(org.admin), report.id);
    expect((after.definition as { filters: { partyIds: string[] } }).filters.partyIds).toEqual([
      sales.c1,
      sales.c3,
    ]);
    expect(after.version).toBe(report.version + 1);
  });
});
