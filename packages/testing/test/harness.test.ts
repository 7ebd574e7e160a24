import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/index.js';

const databases: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
});

async function fresh(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  databases.push(db);
  return db;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('connects to a real PostgreSQL server', async () => {
    const db = await fresh();
    const [row] = await query<{ version: string }>(db.url, 'select version()');
    expect(row?.version).toMatch(/^PostgreSQL \d+/);
  });

  it('connects as an ordinary role that row-level security applies to', async () => {
    const db = await fresh();
    const [row] = await query<{ rolsuper: boolean; rolbypassrls: boolean }>(
      db.url,
      'select rolsuper, rolbypassrls from pg_roles where rolname = current_user',
    );
    expect(row).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it('hides rows from the app role when a forced policy denies them', async () => {
    const db = await fresh();
    await query(
      db.url,
      `create table secrets (id int);
       insert into secrets values (1), (2);
       alter table secrets enable row level security;
       alter table secrets force row level security;
       create policy only_one on secrets using (id = 1);`,
    );
    expect(await query(db.url, 'select id from secrets')).toEqual([{ id: 1 }]);
    expect(await query(db.adminUrl, 'select id from secrets order by id')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('gives every call a distinct database', async () => {
    const [a, b] = await Promise.all([fresh(), fresh()]);
    expect(a.name).not.toBe(b.name);
    const [rowA] = await query<{ db: string }>(a.url, 'select current_database() as db');
    const [rowB] = await query<{ db: string }>(b.url, 'select current_database() as db');
    expect([rowA?.db, rowB?.db]).toEqual([a.name, b.name]);
  });

  it('installs the extensions Rapport uses', async () => {
    const db = await fresh();
    const rows = await query<{ extname: string }>(
      db.url,
      'select extname from pg_extension order by extname',
    );
    expect(rows.map((row) => row.extname)).toEqual(
      expect.arrayContaining(['btree_gin', 'citext', 'pg_trgm', 'pgcrypto', 'unaccent']),
    );
  });

  it('lets the app role create tables in public and folds case beyond ASCII', async () => {
    const db = await fresh();
    await query(db.url, 'create table people (name citext unique)');
    const [row] = await query<{ same: boolean }>(
      db.url,
      `select 'ÉLODIE'::citext = 'élodie'::citext as same`,
    );
    expect(row?.same).toBe(true);
  });

  it('drops the database, even with connections still open', async () => {
    const db = await createTestDatabase();
    const client = new pg.Client({ connectionString: db.url });
    client.on('error', () => {});
    await client.connect();
    await db.drop();
    await client.end().catch(() => {});
    await expect(query(db.adminUrl, 'select 1')).rejects.toThrow(/does not exist/);
  });
});
