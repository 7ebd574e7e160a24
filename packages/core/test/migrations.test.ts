import { createCrm, definePlugin } from '@rapport/core/plugin';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notesPlugin } from './fixtures/notes-plugin.js';

const extension = definePlugin({
  name: 'notes-extension',
  version: '1.0.0',
  dependencies: { notes: '^1.0.0' },
  migrations: [
    {
      name: '0001_tags',
      up: 'create table notes_extension_tag (note_id uuid not null references notes_note(id))',
    },
    {
      name: '0002_data',
      async up({ sql }) {
        await sql(`comment on table notes_extension_tag is 'tags of notes'`);
      },
    },
  ],
});

describe('migrations', () => {
  let env: TestCrm<[typeof extension, typeof notesPlugin]>;

  beforeAll(async () => {
    // Given in the "wrong" order on purpose: dependency order decides.
    env = await createTestCrm({ plugins: [extension, notesPlugin], migrate: false });
  });
  afterAll(() => env?.close());

  it('lists pending migrations, core first then plugins in dependency order, without applying them', async () => {
    const pending = await env.crm.pendingMigrations();
    expect(pending).toEqual([
      { plugin: '@rapport/core', name: '0001_kernel' },
      { plugin: '@rapport/core', name: '0002_parties' },
      { plugin: '@rapport/core', name: '0003_organisation' },
      { plugin: '@rapport/core', name: '0006_tenant_time_zone' },
      { plugin: '@rapport/core', name: '0007_contact_point_quality' },
      { plugin: '@rapport/core', name: '0008_employee_hierarchy' },
      { plugin: '@rapport/core', name: '0009_segment_owners' },
      { plugin: '@rapport/core', name: '0011_party_name_keys' },
      { plugin: '@rapport/core', name: '0013_party_team_index' },
      { plugin: '@rapport/core', name: '0004_journal' },
      { plugin: '@rapport/core', name: '0012_journal_type_index' },
      { plugin: '@rapport/core', name: '0014_journal_party_entry_cover' },
      { plugin: '@rapport/core', name: '0005_messaging' },
      { plugin: '@rapport/core', name: '0005_templates' },
      { plugin: 'notes', name: '0001_notes' },
      { plugin: 'notes-extension', name: '0001_tags' },
      { plugin: 'notes-extension', name: '0002_data' },
    ]);
    expect(await env.crm.pendingMigrations()).toHaveLength(17);
  });

  it('applies them in that order and records what ran', async () => {
    const applied = await env.crm.migrate();
    expect(applied.map((m) => `${m.plugin}:${m.name}`)).toEqual([
      '@rapport/core:0001_kernel',
      '@rapport/core:0002_parties',
      '@rapport/core:0003_organisation',
      '@rapport/core:0006_tenant_time_zone',
      '@rapport/core:0007_contact_point_quality',
      '@rapport/core:0008_employee_hierarchy',
      '@rapport/core:0009_segment_owners',
      '@rapport/core:0011_party_name_keys',
      '@rapport/core:0013_party_team_index',
      '@rapport/core:0004_journal',
      '@rapport/core:0012_journal_type_index',
      '@rapport/core:0014_journal_party_entry_cover',
      '@rapport/core:0005_messaging',
      '@rapport/core:0005_templates',
      'notes:0001_notes',
      'notes-extension:0001_tags',
      'notes-extension:0002_data',
    ]);
    expect(applied.every((m) => m.appliedAt instanceof Date)).toBe(true);
    expect(await env.crm.pendingMigrations()).toEqual([]);
  });

  it('is idempotent: a second run applies nothing', async () => {
    expect(await env.crm.migrate()).toEqual([]);
  });

  it('applies each migration once when two processes migrate the same database at once', async () => {
    const { createTestDatabase } = await import('@rapport/testing');
    const db = await createTestDatabase();
    const a = await createCrm({
      database: { url: db.url },
      plugins: [notesPlugin],
      jobs: { workers: false },
    });
    const b = await createCrm({
      database: { url: db.url },
      plugins: [notesPlugin],
      jobs: { workers: false },
    });
    try {
      const [ra, rb] = await Promise.all([a.migrate(), b.migrate()]);
      expect([...ra, ...rb].map((m) => m.name).sort()).toEqual([
        '0001_kernel',
        '0001_notes',
        '0002_parties',
        '0003_organisation',
        '0004_journal',
        '0005_messaging',
        '0005_templates',
        '0006_tenant_time_zone',
        '0007_contact_point_quality',
        '0008_employee_hierarchy',
        '0009_segment_owners',
        '0011_party_name_keys',
        '0012_journal_type_index',
        '0013_party_team_index',
        '0014_journal_party_entry_cover',
      ]);
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  });

  it('rolls back a failing migration completely and keeps it pending', async () => {
    const broken = definePlugin({
      name: 'broken',
      version: '1.0.0',
      migrations: [
        { name: '0001_broken', up: 'create table broken_a (id int); select * from missing_table;' },
      ],
    });
    const other = await createTestCrm({ plugins: [broken], migrate: false });
    try {
      await expect(other.crm.migrate()).rejects.toThrow(/missing_table/);
      expect(await other.crm.pendingMigrations()).toEqual([{ plugin: 'broken', name: '0001_broken' }]);
    } finally {
      await other.close();
    }
  });
});
