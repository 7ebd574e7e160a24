import { createCrm, definePlugin } from '@rapport/core/plugin';
import { afterAll, describe, expect, it } from 'vitest';
import { adminQuery, createTestDatabase, type TestDatabase, type TestDatabaseOptions } from '../src/index.js';

const databases: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
});

async function fresh(options?: TestDatabaseOptions): Promise<TestDatabase> {
  const db = await createTestDatabase(options);
  databases.push(db);
  return db;
}

describe('createTestDatabase', () => {
  it('connects to a real PostgreSQL server', async () => {
    const db = await fresh();
    const [row] = await db.query<{ version: string }>('select version()');
    expect(row?.version).toMatch(/^PostgreSQL \d+/);
  });

  it('connects as an ordinary role that row-level security applies to', async () => {
    const db = await fresh();
    const [row] = await db.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
      'select rolsuper, rolbypassrls from pg_roles where rolname = current_user',
    );
    expect(row).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it('hides rows from the app role when a forced policy denies them', async () => {
    const db = await fresh();
    await db.query(
      `create table secrets (id int);
       insert into secrets values (1), (2);
       alter table secrets enable row level security;
       alter table secrets force row level security;
       create policy only_one on secrets using (id = 1);`,
    );
    expect(await db.query('select id from secrets')).toEqual([{ id: 1 }]);
    expect(await db.adminQuery('select id from secrets order by id')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('gives every call a distinct database', async () => {
    const [a, b] = await Promise.all([fresh(), fresh()]);
    expect(a.name).not.toBe(b.name);
    const [rowA] = await a.query<{ db: string }>('select current_database() as db');
    const [rowB] = await b.query<{ db: string }>('select current_database() as db');
    expect([rowA?.db, rowB?.db]).toEqual([a.name, b.name]);
  });

  it('installs the extensions Rapport uses', async () => {
    const db = await fresh();
    const rows = await db.query<{ extname: string }>('select extname from pg_extension order by extname');
    expect(rows.map((row) => row.extname)).toEqual(
      expect.arrayContaining(['btree_gin', 'citext', 'fuzzystrmatch', 'pg_trgm', 'pgcrypto', 'unaccent']),
    );
  });

  it('lets the app role create tables in public and folds case beyond ASCII', async () => {
    const db = await fresh();
    await db.query('create table people (name citext unique)');
    const [row] = await db.query<{ same: boolean }>(`select 'ÉLODIE'::citext = 'élodie'::citext as same`);
    expect(row?.same).toBe(true);
  });

  it('drops the database, even with connections still open', async () => {
    const db = await createTestDatabase();
    // A CRM holds pooled connections open until it is closed.
    const quiet = { debug() {}, info() {}, warn() {}, error() {} };
    const crm = await createCrm({ database: { url: db.url }, jobs: { workers: false }, logger: quiet });
    await db.drop();
    await crm.close();
    await expect(db.adminQuery('select 1')).rejects.toThrow(/does not exist/);
    expect(await adminQuery('select datname from pg_database where datname = $1', [db.name])).toEqual([]);
  });
});

describe('migrated test databases', () => {
  const notes = definePlugin({
    name: 'harness-notes',
    version: '1.0.0',
    migrations: [{ name: '0001_notes', up: 'create table harness_note (id int primary key, body text)' }],
  });

  it("starts with core's and the plugins' migrations applied and an empty job queue", async () => {
    const db = await fresh({ migrated: { plugins: [notes] } });
    const applied = await db.adminQuery<{ plugin: string }>(
      'select distinct plugin from core_migration order by plugin',
    );
    expect(applied.map((row) => row.plugin)).toEqual(['@rapport/core', 'harness-notes']);
    expect(await db.adminQuery('select id from rapport_jobs.job')).toEqual([]);
    expect(await db.query('select * from harness_note')).toEqual([]);
  });

  it('copies one template per plugin set, and the copies share no rows', async () => {
    const [a, b] = await Promise.all([
      fresh({ migrated: { plugins: [notes] } }),
      fresh({ migrated: { plugins: [notes] } }),
    ]);
    await a.query(`insert into harness_note values (1, 'only in a')`);
    expect(await b.query('select * from harness_note')).toEqual([]);
    const templates = await adminQuery<{ datname: string }>(
      `select datname from pg_database where datistemplate and datname like 'rapport_tpl_%'`,
    );
    // Same plugins, same template; an empty database has a template of its own.
    expect(new Set(templates.map((row) => row.datname)).size).toBe(templates.length);
    expect(templates.length).toBeGreaterThanOrEqual(2);
  });

  it('does not let anyone connect to a template, so it can always be copied', async () => {
    const [template] = await adminQuery<{ datname: string; datallowconn: boolean }>(
      `select datname, datallowconn from pg_database where datistemplate and datname like 'rapport_tpl_%' limit 1`,
    );
    expect(template?.datallowconn).toBe(false);
  });
});
