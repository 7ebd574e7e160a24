import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField, queryTable, toCsv } from '../src/index.js';
import { type AnalyticsTestCrm, analyticsTestCrm, type OrgFixture, seedOrganisation } from './fixture.js';
import { MARCH, seedSales } from './sales-data.js';

function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer | string) => chunks.push(Buffer.from(c)));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

describe('exports', () => {
  let env: AnalyticsTestCrm;
  let org: OrgFixture;
  let reportId: string;

  beforeAll(async () => {
    env = await analyticsTestCrm();
    org = await seedOrganisation(env.crm);
    await seedSales(env.crm, org);
    const report = await env.crm.services.reports.save(org.system, {
      name: 'Revenue by agent',
      analysis: 'query',
      definition: {
        measures: ['revenue', 'orders'],
        dimensions: ['employee'],
        filters: { period: MARCH, types: ['sale'] },
      },
    });
    reportId = report.id;
  });
  afterAll(() => env?.close());

  it('quotes CSV fields only when RFC 4180 needs it', () => {
    expect([
      csvField('plain'),
      csvField('a,b'),
      csvField('say "hi"'),
      csvField('two\r\nlines'),
      csvField(null),
    ]).toEqual(['plain', '"a,b"', '"say ""hi"""', '"two\r\nlines"', '']);
  });

  it('exports a report to CSV with exact amounts beside their currency', async () => {
    const out = new PassThrough();
    const text = collect(out);
    await env.crm.services.exports.report(org.system, reportId, 'csv', out);
    expect((await text).toString('utf8')).toBe(
      [
        'employee,employee name,currency,revenue,orders',
        `${org.alice.id},Alice,EUR,1234.50,2`,
        `${org.bob.id},Bob,EUR,750.25,2`,
        `${org.alice.id},Alice,USD,99.00,1`,
        '',
      ].join('\r\n'),
    );
  });

  it('exports a report to XLSX with numbers as numbers and the currency in its own column', async () => {
    const out = new PassThrough();
    const bytes = collect(out);
    await env.crm.services.exports.report(org.system, reportId, 'xlsx', out);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await bytes) as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'employee',
      'employee name',
      'currency',
      'revenue',
      'orders',
    ]);
    expect(sheet.getRow(2).values).toEqual([undefined, org.alice.id, 'Alice', 'EUR', 1234.5, 2]);
    expect(sheet.rowCount).toBe(4);
  });

  it('streams a query result with a period dimension as CSV', async () => {
    const result = await env.crm.services.analytics.query(org.system, {
      measures: ['orders'],
      dimensions: ['period.month'],
      filters: { period: { from: '2026-02-01', to: '2026-04-01' }, types: ['sale'] },
      orderBy: [{ field: 'period.month', direction: 'asc' }],
    });
    const text = (await collect(toCsv(queryTable(result)))).toString('utf8');
    expect(text).toBe('period.month,currency,orders\r\n2026-02-01,,2\r\n2026-03-01,,5\r\n');
  });
});
