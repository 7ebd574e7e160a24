import { Readable } from 'node:stream';
import { f, type ImportMapping, type ImportResult } from '@rapport/core';
import { type DemoStep, requireCompany, requireCrm } from '../demo.js';

/** Leads from a trade fair, as exported by the scanner: some rows are bad, some already known. */
const CSV = `CustomerNo,First Name,Last Name,E-mail,Phone,City,Country,Tags,Score
T-001,Hannah,Koch,hannah.koch@example.de,+49 30 12345678,Berlin,DE,trade-fair;cnc,70
T-002,Lukas,Becker,LUKAS.BECKER@example.de,0170 1234567,Hamburg,DE,trade-fair,55
T-003,Sophie,Wolf,sophie.wolf@example,,Berlin,DE,trade-fair,
T-004,Ada,Berger,Ada.Berger@Kessler-Maschinenbau.de,,Berlin,DE,trade-fair,
T-005,Noah,Klein,noah.klein@example.de,030 12,Munich,DE,trade-fair,40
T-006,Emma,Schäfer,emma.schaefer@example.de,0151 23456789,Berlin,DE,trade-fair;vip,83
T-007,Emma,Schaefer,Emma.Schaefer@example.de,,Berlin,DE,,
T-008,Ben,Neumann,ben.neumann@example.de,,Munich,DE,trade-fair,high
`;

const mapping: ImportMapping = {
  kind: 'person',
  givenName: 'First Name',
  familyName: 'Last Name',
  email: 'E-mail',
  phone: 'Phone',
  address: { city: 'City', country: 'Country' },
  tags: { column: 'Tags', separator: ';' },
  custom: { score: 'Score' },
  lifecycle: { value: 'lead' },
  source: { channel: { value: 'trade fair' }, campaign: { value: 'Hannover Messe 2026' } },
  externalKey: 'CustomerNo',
};

/**
 * Imports the CSV with a column mapping through `crm.services.imports`: the same validation,
 * normalisation and dedup as a single create, per-row errors, and idempotent external keys, so a
 * second run changes nothing. Imported leads have no owner: they land in the lead pool.
 */
export const importCsv: DemoStep = {
  title: 'Import: a CSV of trade-fair leads, run twice',
  async run(demo) {
    const crm = requireCrm(demo);
    const company = requireCompany(demo);
    const ctx = company.as(company.staff.admin);
    const { imports, segments } = crm.services;
    const total = () => segments.count(ctx, f.all());
    const run = () =>
      imports.importCsv(ctx, Readable.from([CSV]), {
        source: 'hannover-messe-2026',
        mapping,
        batchSize: 500,
      });

    demo.say(`${CSV.trim().split('\n').length - 1} rows; mapping ${Object.keys(mapping).join(', ')}`);
    const before = await total();
    const first = await run();
    printResult(demo.say, 'first run ', first);
    for (const error of first.errors)
      for (const issue of error.issues)
        demo.say(
          `  row ${error.row} (${error.externalKey}) failed: ${issue.column ? `column "${issue.column}"` : issue.path}: ${issue.message}`,
        );
    for (const duplicate of first.duplicates)
      for (const match of duplicate.matches)
        demo.say(
          `  row ${duplicate.row} (${duplicate.externalKey}) is a duplicate: ${match.kind} ${match.value} belongs to ${match.displayName}${match.row ? ` (row ${match.row} of this file)` : `, owner ${company.nameOf(match.ownerId)}`}`,
        );
    const afterFirst = await total();
    const second = await run();
    printResult(demo.say, 'second run', second);
    const afterSecond = await total();
    demo.say(
      `parties in the tenant: ${before} → ${afterFirst} after the first run → ${afterSecond} after the second`,
    );
    if (afterSecond !== afterFirst || second.counts.created !== 0)
      throw new Error('Re-running the import must change nothing');

    const pool = await segments.query(ctx, f.field('ownerId').isNull(), { orderBy: 'displayName' });
    demo.say(
      `lead pool (no owner): ${pool.items.map((p) => `${p.displayName} <${p.contactPoints.find((c) => c.kind === 'email')?.value}>`).join(', ')}`,
    );
    for (const party of pool.items) company.parties[party.givenName?.toLowerCase() ?? party.id] = party;
  },
};

function printResult(say: (line: string) => void, label: string, result: ImportResult): void {
  const c = result.counts;
  say(
    `${label}: read ${c.read} · created ${c.created} · unchanged ${c.unchanged} · duplicates ${c.duplicates} · linked ${c.linked} · failed ${c.failed}`,
  );
}
