import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { ImportMapping } from '@rapport/core';
import pg from 'pg';
import { uuidv7 } from 'uuidv7';

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Frances', 'John'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Thompson', 'Allen'];
const COLUMNS = ['CustomerNo', 'First Name', 'Last Name', 'E-mail', 'Phone'] as const;

/** One generated source row, as a CSV file would give it (mixed-case email, national phone format). */
export type BenchRow = Record<(typeof COLUMNS)[number], string>;

/** How the generated rows map to parties. */
export const benchMapping: ImportMapping = {
  kind: 'person',
  givenName: 'First Name',
  familyName: 'Last Name',
  email: 'E-mail',
  phone: 'Phone',
  externalKey: 'CustomerNo',
};

/** Generates `count` distinct people lazily: row i always has the same values. */
export function* benchRows(count: number): Generator<BenchRow> {
  for (let i = 0; i < count; i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    yield {
      CustomerNo: `C${i}`,
      'First Name': first,
      'Last Name': last,
      'E-mail': `${first}.${last}.${i}@Example.com`,
      Phone: `0151 ${10_000_000 + i}`,
    };
  }
}

/** Writes the generated rows to a CSV file, streaming (the file is never held in memory). */
export async function writeCsv(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${COLUMNS.join(',')}\n`);
  for (const row of benchRows(count)) {
    if (!out.write(`${COLUMNS.map((c) => row[c]).join(',')}\n`)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
}

/**
 * The hand-written baseline: the same rows, normalised by string code that knows their format,
 * written with multi-row `INSERT … VALUES` through `pg`, `batchSize` parties per transaction, into
 * core_party, core_contact_point and core_party_identity. No validation, no dedup lookups. Like
 * the import (and any careful bulk loader) it analyzes core_party each time it doubled the table:
 * without that, PostgreSQL keeps the foreign-key check plans it made for a near-empty table and
 * both sides slow down quadratically.
 */
export async function baselineInsert(
  url: string,
  tenantId: string,
  count: number,
  batchSize = 1000,
): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let batch: BenchRow[] = [];
    let inserted = 0;
    let analyzedAt = 500;
    const flush = async () => {
      await insertBatch(client, tenantId, batch);
      inserted += batch.length;
      batch = [];
      if (inserted < 2 * analyzedAt) return;
      analyzedAt = inserted;
      await client.query('analyze core_party');
    };
    for (const row of benchRows(count)) {
      batch.push(row);
      if (batch.length === batchSize) await flush();
    }
    if (batch.length > 0) await flush();
  } finally {
    await client.end();
  }
}

async function insertBatch(client: pg.Client, tenantId: string, rows: BenchRow[]): Promise<void> {
  const parties: unknown[] = [tenantId];
  const points: unknown[] = [tenantId];
  const identities: unknown[] = [tenantId];
  const partyValues: string[] = [];
  const pointValues: string[] = [];
  const identityValues: string[] = [];
  for (const row of rows) {
    const id = uuidv7();
    const email = row['E-mail'].toLowerCase();
    const phone = `+49${row.Phone.slice(1).replace(' ', '')}`;
    const p = parties.length;
    partyValues.push(`($1, $${p + 1}, 'person', $${p + 2}, $${p + 3}, $${p + 4})`);
    parties.push(id, `${row['First Name']} ${row['Last Name']}`, row['First Name'], row['Last Name']);
    for (const [kind, value, details] of [
      ['email', email, '{}'],
      ['phone', phone, '{"country":"DE"}'],
    ] as const) {
      const c = points.length;
      pointValues.push(`($1, $${c + 1}, $${c + 2}, '${kind}', $${c + 3}, true, '${details}')`);
      points.push(uuidv7(), id, value);
      const k = identities.length;
      identityValues.push(`($1, '${kind}', $${k + 1}, $${k + 2})`);
      identities.push(value, id);
    }
  }
  await client.query('begin');
  await client.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
  await client.query(
    `insert into core_party (tenant_id, id, kind, display_name, given_name, family_name) values ${partyValues.join(',')}`,
    parties,
  );
  await client.query(
    `insert into core_contact_point (tenant_id, id, party_id, kind, value, is_primary, details) values ${pointValues.join(',')}`,
    points,
  );
  await client.query(
    `insert into core_party_identity (tenant_id, kind, value, party_id) values ${identityValues.join(',')}`,
    identities,
  );
  await client.query('commit');
}
