import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  type CallContext,
  type ImportMapping,
  type ImportProgress,
  InvalidDataError,
  RapportError,
} from '@rapport/core';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import pg from 'pg';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CSV = `CustomerNo,First Name,Last Name,E-mail,Phone,Tags,Tier,Newsletter
C1,Ada,Lovelace,  Ada@Example.COM ,030 1234567,VIP; Events,3,yes
C2,Grace,Hopper,grace@example.com,+1 202 555 0143,,1,no
C3,Alan,Turing,not-an-email,12,,x,
C4,Ada,Again,ADA@example.com,,,,
C5,Edsger,Dijkstra,edsger@example.com,,events,2,
`;

const mapping: ImportMapping = {
  kind: 'person',
  givenName: 'First Name',
  familyName: 'Last Name',
  email: 'E-mail',
  phone: { column: 'Phone', label: 'work' },
  tags: { column: 'Tags', separator: ';' },
  custom: { tier: 'Tier', newsletter: 'Newsletter' },
  externalKey: 'CustomerNo',
};

describe('party import', () => {
  let env: TestCrm<[]>;
  let tenantCount = 0;

  const newTenant = async (): Promise<CallContext> => {
    tenantCount += 1;
    const tenant = await env.crm.services.tenants.create({ name: `Importer ${tenantCount}` });
    return env.crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'importer' } });
  };
  const csv = (text = CSV) => Readable.from([text]);
  const rowCounts = (ctx: CallContext) =>
    env.crm.transaction(ctx, async (tx) => {
      const [row] = await tx.sql<Record<string, number>>(
        `select (select count(*)::int from core_party) as parties,
                (select count(*)::int from core_contact_point) as points,
                (select count(*)::int from core_party_identity) as identities,
                (select count(*)::int from core_party_history) as history,
                (select count(*)::int from core_party_external_key) as keys,
                (select max(updated_at)::text from core_party) as updated`,
      );
      return row!;
    });
  const partyByKey = async (ctx: CallContext, source: string, key: string) => {
    const [row] = await env.crm.transaction(ctx, (tx) =>
      tx.sql<{ party_id: string }>(
        'select party_id from core_party_external_key where tenant_id = $1 and source = $2 and key = $3',
        [tx.tenantId, source, key],
      ),
    );
    return env.crm.services.parties.get(ctx, row!.party_id);
  };

  beforeAll(async () => {
    env = await createTestCrm({ parties: { defaultRegion: 'DE' } });
    env.crm.services.customFields.register({ key: 'tier', type: 'number', label: 'Tier' });
    env.crm.services.customFields.register({ key: 'newsletter', type: 'boolean', label: 'Newsletter' });
  });
  afterAll(() => env?.close());

  it('imports a CSV through a mapping, normalising every value', async () => {
    const ctx = await newTenant();
    const result = await env.crm.services.imports.importCsv(ctx, csv(), { source: 'shop', mapping });
    expect(result.counts).toEqual({ read: 5, created: 3, linked: 0, unchanged: 0, duplicates: 1, failed: 1 });
    const ada = await partyByKey(ctx, 'shop', 'C1');
    expect(ada).toMatchObject({
      displayName: 'Ada Lovelace',
      tags: ['vip', 'events'],
      custom: { tier: 3, newsletter: true },
    });
    expect(ada.contactPoints.map((cp) => [cp.kind, cp.value, cp.label])).toEqual([
      ['email', 'ada@example.com', null],
      ['phone', '+49301234567', 'work'],
    ]);
    const grace = await partyByKey(ctx, 'shop', 'C2');
    expect(grace.contactPoints.find((cp) => cp.kind === 'phone')?.value).toBe('+12025550143');
    expect(grace.custom).toEqual({ tier: 1, newsletter: false });
  });

  it('reports each bad row with its field paths and columns, and imports the good rows', async () => {
    const ctx = await newTenant();
    const { errors, counts } = await env.crm.services.imports.importCsv(ctx, csv(), {
      source: 'shop',
      mapping,
    });
    expect(counts.created).toBe(3);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 3, externalKey: 'C3' });
    expect(errors[0]!.issues.map((i) => [i.path, i.column])).toEqual(
      expect.arrayContaining([
        ['contactPoints.0.value', 'E-mail'],
        ['custom.tier', 'Tier'],
      ]),
    );
  });

  it('reports a later row of the file with the same email as a duplicate of the first', async () => {
    const ctx = await newTenant();
    const { duplicates } = await env.crm.services.imports.importCsv(ctx, csv(), { source: 'shop', mapping });
    const ada = await partyByKey(ctx, 'shop', 'C1');
    expect(duplicates).toEqual([
      {
        row: 4,
        externalKey: 'C4',
        matches: [
          expect.objectContaining({ kind: 'email', value: 'ada@example.com', partyId: ada.id, row: 1 }),
        ],
      },
    ]);
  });

  it('reports a row matching a party already in the base as its duplicate', async () => {
    const ctx = await newTenant();
    const { party } = await env.crm.services.parties.create(ctx, {
      kind: 'person',
      givenName: 'Grace',
      contactPoints: [{ kind: 'phone', value: '+12025550143' }],
    });
    const { counts, duplicates } = await env.crm.services.imports.importCsv(ctx, csv(), {
      source: 'shop',
      mapping,
    });
    expect(counts).toMatchObject({ created: 2, duplicates: 2 });
    expect(duplicates.find((d) => d.row === 2)?.matches).toEqual([
      expect.objectContaining({ kind: 'phone', value: '+12025550143', partyId: party.id }),
    ]);
  });

  it('changes nothing when the same file is imported again', async () => {
    const ctx = await newTenant();
    const first = await env.crm.services.imports.importCsv(ctx, csv(), { source: 'shop', mapping });
    const before = await rowCounts(ctx);
    const second = await env.crm.services.imports.importCsv(ctx, csv(), { source: 'shop', mapping });
    expect(await rowCounts(ctx)).toEqual(before);
    expect(second.counts).toEqual({ ...first.counts, created: 0, unchanged: first.counts.created });
  });

  it('reports progress after each batch with running counts', async () => {
    const ctx = await newTenant();
    const progress: ImportProgress[] = [];
    const result = await env.crm.services.imports.importCsv(ctx, csv(), {
      source: 'shop',
      mapping,
      batchSize: 2,
      onProgress: (p) => void progress.push(p),
    });
    expect(progress.map((p) => [p.batches, p.read, p.created, p.failed, p.duplicates])).toEqual([
      [1, 2, 2, 0, 0],
      [2, 4, 2, 1, 1],
      [3, 5, 3, 1, 1],
    ]);
    expect(progress.at(-1)).toEqual({ ...result.counts, batches: 3 });
  });

  it('does not treat a party of another tenant as a duplicate', async () => {
    const ctx = await newTenant();
    const other = await newTenant();
    await env.crm.services.parties.create(other, {
      kind: 'person',
      givenName: 'Ada',
      contactPoints: [{ kind: 'email', value: 'ada@example.com' }],
    });
    const { counts } = await env.crm.services.imports.importCsv(ctx, csv(), { source: 'shop', mapping });
    expect(counts).toMatchObject({ created: 3, duplicates: 1 });
  });

  it('maps the kind, an address and a website from columns, and explains a bad kind by column', async () => {
    const ctx = await newTenant();
    const rows = [
      {
        Type: 'Organisation',
        Name: 'Initech',
        Web: 'www.initech.example',
        City: 'Berlin',
        Country: 'de',
        Id: 1,
      },
      {
        Type: 'organization',
        Name: 'Initech Sales',
        Web: 'https://initech.example/sales',
      },
      { Type: 'company', Name: 'Nope', City: 'Paris' },
    ];
    const { counts, duplicates, errors } = await env.crm.services.imports.importRows(ctx, rows, {
      source: 'orgs',
      mapping: {
        kind: { column: 'Type' },
        organizationName: 'Name',
        website: 'Web',
        address: { city: 'City', country: 'Country' },
        externalKey: 'Id',
      },
    });
    expect(counts).toMatchObject({ created: 1, duplicates: 1, failed: 1 });
    expect(duplicates[0]!.matches).toMatchObject([{ kind: 'domain', value: 'initech.example', row: 1 }]);
    // An address with only a city is kept: only the kind is wrong.
    expect(errors[0]!.issues.map((i) => [i.path, i.column])).toEqual([['kind', 'Type']]);
    const initech = await partyByKey(ctx, 'orgs', '1');
    expect(initech).toMatchObject({ kind: 'organization', city: 'Berlin' });
    expect(initech.contactPoints.map((cp) => cp.value)).toEqual([
      'Berlin, DE',
      'https://www.initech.example',
    ]);
  });

  it('imports an array of party inputs with external keys, without a mapping', async () => {
    const ctx = await newTenant();
    const rows = [
      {
        kind: 'organization',
        organizationName: 'Initech',
        taxNumber: 'de 123.456',
        contactPoints: [{ kind: 'website', value: 'www.Initech.example' }],
        externalKey: 17,
      },
      { kind: 'person', givenName: 'Peter', roles: ['lead'], externalKey: 'P-1' },
      { kind: 'robot', givenName: 'R2' },
    ];
    const result = await env.crm.services.imports.importRows(ctx, rows, { source: 'crm-v1' });
    expect(result.counts).toMatchObject({ read: 3, created: 2, failed: 1 });
    expect(result.errors).toEqual([
      { row: 3, externalKey: null, issues: [expect.objectContaining({ path: 'kind' })] },
    ]);
    const initech = await partyByKey(ctx, 'crm-v1', '17');
    expect(initech).toMatchObject({ taxNumber: 'DE123456', kind: 'organization' });
    expect((await partyByKey(ctx, 'crm-v1', 'P-1')).lifecycle).toBe('lead');
  });

  it('runs partiesImported taps in each batch transaction with the created parties', async () => {
    const ctx = await newTenant();
    const seen: Array<{ source: string; created: number }> = [];
    env.crm.hooks.partiesImported.tapPromise('test-import-hook', async (batch, tx) => {
      if (tx.tenantId !== ctx.tenantId) return;
      const rows = await tx.sql('select id from core_party where id = any($1::uuid[])', [batch.createdIds]);
      seen.push({ source: batch.source, created: rows.length });
    });
    await env.crm.services.imports.importRows(
      ctx,
      [
        { kind: 'person', familyName: 'Hooked One', externalKey: 'h1' },
        { kind: 'person', familyName: 'Hooked Two', externalKey: 'h2' },
      ],
      { source: 'hooked' },
    );
    expect(seen).toEqual([{ source: 'hooked', created: 2 }]);
  });

  // A budget for a loaded machine (20k rows), not a timing: the assertions are about what was read and written.
  it('streams 20k generated rows in batches without reading ahead of the writes', {
    timeout: 120_000,
  }, async () => {
    const ctx = await newTenant();
    let produced = 0;
    let maxAhead = 0;
    function* generate() {
      for (let i = 0; i < 20_000; i++) {
        produced += 1;
        yield {
          id: `G${i}`,
          name: `Person ${i}`,
          mail: `p${i}@example.com`,
          phone: `0151 ${String(10_000_000 + i)}`,
        };
      }
    }
    const result = await env.crm.services.imports.importRows(ctx, generate(), {
      source: 'generator',
      mapping: { kind: 'person', familyName: 'name', email: 'mail', phone: 'phone', externalKey: 'id' },
      onProgress: (p) => {
        maxAhead = Math.max(maxAhead, produced - p.read);
      },
    });
    expect(result.counts).toMatchObject({ read: 20_000, created: 20_000, failed: 0, duplicates: 0 });
    // At most the batch being validated and the one being written are held at once.
    expect(maxAhead).toBeLessThanOrEqual(2 * 1000);
    expect(await rowCounts(ctx)).toMatchObject({
      parties: 20_000,
      points: 40_000,
      identities: 40_000,
      keys: 20_000,
    });
  });

  it('links a matching row to the existing party when asked, once', async () => {
    const ctx = await newTenant();
    const { party } = await env.crm.services.parties.create(ctx, {
      kind: 'person',
      givenName: 'Ada',
      contactPoints: [{ kind: 'email', value: 'ada@example.com' }],
    });
    const { counts } = await env.crm.services.imports.importCsv(ctx, csv(), {
      source: 'shop',
      mapping,
      onDuplicate: 'link',
    });
    expect(counts).toMatchObject({ created: 2, linked: 2, failed: 1 });
    const linked = await env.crm.services.parties.get(ctx, party.id);
    expect(linked.contactPoints.map((cp) => cp.value)).toEqual(['ada@example.com', '+49301234567']);
    expect(linked.tags.sort()).toEqual(['events', 'vip']);
    expect((await partyByKey(ctx, 'shop', 'C4')).id).toBe(party.id);
    const before = await rowCounts(ctx);
    const again = await env.crm.services.imports.importCsv(ctx, csv(), {
      source: 'shop',
      mapping,
      onDuplicate: 'link',
    });
    expect(again.counts).toMatchObject({ created: 0, linked: 0, unchanged: 4 });
    expect(await rowCounts(ctx)).toEqual(before);
  });

  it('reports duplicates as failed rows naming the column when onDuplicate is error', async () => {
    const ctx = await newTenant();
    const { counts, errors } = await env.crm.services.imports.importCsv(ctx, csv(), {
      source: 'shop',
      mapping,
      onDuplicate: 'error',
    });
    expect(counts).toMatchObject({ created: 3, duplicates: 0, failed: 2 });
    expect(errors[1]).toMatchObject({
      row: 4,
      issues: [{ path: 'contactPoints.0.value', column: 'E-mail', code: 'duplicate' }],
    });
  });

  it('keeps at most maxReported errors while the counts stay exact', async () => {
    const ctx = await newTenant();
    const rows = Array.from({ length: 50 }, (_, i) => ({ kind: 'person', externalKey: `bad-${i}` }));
    const result = await env.crm.services.imports.importRows(ctx, rows, { source: 'bad', maxReported: 3 });
    expect(result.counts.failed).toBe(50);
    expect(result.errors.map((e) => e.row)).toEqual([1, 2, 3]);
  });

  it('refuses a CSV without a mapped column before writing anything', async () => {
    const ctx = await newTenant();
    const error = await env.crm.services.imports
      .importCsv(ctx, csv(), { source: 'shop', mapping: { ...mapping, phone: 'Mobile' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as InvalidDataError).issues).toMatchObject([
      { path: 'mapping.phone', code: 'missing_column' },
    ]);
    expect((await rowCounts(ctx)).parties).toBe(0);
  });

  it('refuses a mapping naming unknown fields', async () => {
    const ctx = await newTenant();
    const bad = { ...mapping, mobile: 'Phone', custom: { nope: 'Tier' } } as unknown as ImportMapping;
    const error = await env.crm.services.imports
      .importCsv(ctx, csv(), { source: 'shop', mapping: bad })
      .catch((e) => e);
    expect((error as InvalidDataError).issues.map((i) => i.path)).toEqual([
      'mapping.mobile',
      'mapping.custom.nope',
    ]);
  });

  it('reports a malformed CSV as invalid data', async () => {
    const ctx = await newTenant();
    const error = await env.crm.services.imports
      .importCsv(ctx, csv('CustomerNo,First Name\nC1,"Ada\n'), {
        source: 'shop',
        mapping: { kind: 'person', givenName: 'First Name' },
      })
      .catch((e: unknown) => e);
    expect(RapportError.is(error, 'INVALID_DATA')).toBe(true);
  });

  it('imports a CSV file given by path', async () => {
    const ctx = await newTenant();
    const dir = await mkdtemp(join(tmpdir(), 'rapport-import-'));
    try {
      const path = join(dir, 'customers.csv');
      await writeFile(path, `\uFEFF${CSV.replace('VIP; Events', 'VIP| Events').replaceAll(',', ';')}`);
      const { counts } = await env.crm.services.imports.importCsv(ctx, path, {
        source: 'file',
        mapping: { ...mapping, tags: { column: 'Tags', separator: '|' } },
        delimiter: ';',
      });
      expect(counts).toMatchObject({ read: 5, created: 3 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports a missing file as not found and bad options as invalid data', async () => {
    const ctx = await newTenant();
    await expect(
      env.crm.services.imports.importCsv(ctx, '/nonexistent/customers.csv', { source: 'shop', mapping }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const error = await env.crm.services.imports
      .importRows(ctx, [], { source: ' ', batchSize: 0, onProgress: 'yes' } as never)
      .catch((e: unknown) => e);
    expect((error as InvalidDataError).issues.map((i) => i.path)).toEqual([
      'source',
      'batchSize',
      'onProgress',
    ]);
  });

  it('redoes a batch that lost a key to a concurrent writer, losing and doubling no row', async () => {
    const ctx = await newTenant();
    const writer = new pg.Client({ connectionString: env.database.url });
    const observer = new pg.Client({ connectionString: env.database.url });
    await Promise.all([writer.connect(), observer.connect()]);
    try {
      // A concurrent create holds race@example.com, not yet committed: the import cannot see it.
      const racerId = uuidv7();
      await writer.query('begin');
      await writer.query(`select set_config('app.tenant_id', $1, true)`, [ctx.tenantId]);
      await writer.query(
        `insert into core_party (tenant_id, id, kind, display_name) values ($1, $2, 'person', 'Racer')`,
        [ctx.tenantId, racerId],
      );
      await writer.query(
        `insert into core_party_identity (tenant_id, kind, value, party_id) values ($1, 'email', 'race@example.com', $2)`,
        [ctx.tenantId, racerId],
      );
      const rows = ['first@example.com', 'race@example.com', 'last@example.com'].map((email, i) => ({
        kind: 'person',
        familyName: `Row ${i}`,
        contactPoints: [{ kind: 'email', value: email }],
        externalKey: `R${i}`,
      }));
      const importing = env.crm.services.imports.importRows(ctx, rows, { source: 'race' });
      // Wait until the import's claim of the key waits for the concurrent transaction.
      for (let waited = 0; ; waited += 20) {
        const { rows: blocked } = await observer.query(
          `select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        );
        if (blocked.length > 0) break;
        if (waited > 10_000) throw new Error('the import never waited for the concurrent writer');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await writer.query('commit');
      const result = await importing;
      expect(result.counts).toMatchObject({ read: 3, created: 2, duplicates: 1 });
      expect(result.duplicates).toEqual([
        {
          row: 2,
          externalKey: 'R1',
          matches: [expect.objectContaining({ partyId: racerId, displayName: 'Racer' })],
        },
      ]);
      expect(await rowCounts(ctx)).toMatchObject({ parties: 3, identities: 3, history: 2, keys: 2 });
    } finally {
      await writer.query('rollback').catch(() => {});
      await Promise.all([writer.end(), observer.end()]);
    }
  });

  it('stops between batches when aborted and keeps the committed ones', async () => {
    const ctx = await newTenant();
    const controller = new AbortController();
    const rows = Array.from({ length: 10 }, (_, i) => ({ kind: 'person', familyName: `Row ${i}` }));
    const error = await env.crm.services.imports
      .importRows(ctx, rows, {
        source: 'abort',
        batchSize: 3,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect((await rowCounts(ctx)).parties).toBe(3);
  });
});
