import { definePlugin } from '@rapport/core/plugin';
import { createTestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentsPlugin, formatNumber } from '../src/index.js';
import { adminSql, type DocumentsEnv, type DocumentsFixture, seedDocuments } from './fixture.js';

/** A plugin that declares a default document type, as contracts or pricing do. */
const offersPlugin = definePlugin({
  name: 'test-offers',
  version: '1.0.0',
  dependencies: [documentsPlugin],
  documentTypes: [{ key: 'offer', name: 'Offer', numberFormat: 'OF-{yy}{mm}-{seq:3}', period: 'month' }],
});

describe('document numbering', () => {
  let env: DocumentsEnv;
  let f: DocumentsFixture;
  const documents = () => env.crm.services.documents;
  const letter = (partyId: string, extra: Record<string, unknown> = {}) => ({
    type: 'contract',
    title: 'Agreement',
    direction: 'outgoing' as const,
    parties: [{ partyId }],
    ...extra,
  });

  beforeAll(async () => {
    env = (await createTestCrm({ plugins: [documentsPlugin, offersPlugin] })) as unknown as DocumentsEnv;
    f = await seedDocuments(env);
    await documents().defineType(f.system, {
      key: 'contract',
      name: 'Contract',
      numberFormat: 'CT-{yyyy}-{seq:5}',
    });
  });
  afterAll(() => env?.close());

  it('formats numbers with the year, month, counter and type tokens', () => {
    expect(formatNumber('CT-{yyyy}-{seq:5}', { seq: 42, on: '2026-03-09', type: 'contract' })).toBe(
      'CT-2026-00042',
    );
    expect(formatNumber('{TYPE}/{yy}/{mm}/{seq}', { seq: 7, on: '2026-03-09', type: 'act' })).toBe(
      'ACT/26/03/7',
    );
    expect(formatNumber('{type}-{seq:2}', { seq: 123, on: '2026-03-09', type: 'scan' })).toBe('scan-123');
  });

  it('numbers documents of a type one after another, restarting every year', async () => {
    const a = await documents().create(f.system, letter(f.globex, { issuedOn: '2025-12-31' }));
    const b = await documents().create(f.system, letter(f.globex, { issuedOn: '2026-01-02' }));
    const c = await documents().create(f.system, letter(f.globex, { issuedOn: '2026-05-02' }));
    expect([a.number, b.number, c.number]).toEqual(['CT-2025-00001', 'CT-2026-00001', 'CT-2026-00002']);
    expect([c.seq, c.period]).toEqual([2, '2026']);
  });

  it('refuses a format whose numbers would repeat, naming numberFormat', async () => {
    await expect(
      documents().defineType(f.system, {
        key: 'memo',
        name: 'Memo',
        numberFormat: 'M-{seq:4}',
        period: 'year',
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'numberFormat' })] },
    });
    await expect(
      documents().defineType(f.system, { key: 'memo', name: 'Memo', numberFormat: 'M-{yyyy}-{sequence}' }),
    ).rejects.toMatchObject({ code: 'INVALID_DATA' });
  });

  it('gives a type a plugin declared to the tenant on first use, with its own format', async () => {
    const offer = await documents().create(f.system, {
      ...letter(f.globex),
      type: 'offer',
      issuedOn: '2026-03-15',
    });
    expect(offer.number).toBe('OF-2603-001');
    expect((await documents().types(f.system)).map((t) => t.key)).toContain('offer');
  });

  it('refuses an unknown type naming the type field, and writes nothing', async () => {
    await expect(documents().create(f.system, { ...letter(f.globex), type: 'nope' })).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'type', code: 'not_found' })] },
    });
  });

  it('gives numbers without gaps or duplicates to 20 concurrent transactions, some rolled back', async () => {
    await documents().defineType(f.system, {
      key: 'race',
      name: 'Race',
      numberFormat: 'R-{seq:3}',
      period: 'none',
    });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        env.crm.transaction(f.system, async (tx) => {
          const doc = await documents().create(tx, { ...letter(f.globex), type: 'race', title: `Race ${i}` });
          // Let the others queue on the counter row before deciding.
          await tx.sql('select pg_sleep(0.01)');
          if (i % 3 === 0) throw new Error(`rolled back ${doc.number}`);
          return doc.number;
        }),
      ),
    );
    const committed = results.filter((r) => r.status === 'fulfilled').map((r) => r.value as string);
    expect(committed).toHaveLength(13);
    expect(committed.sort()).toEqual(
      Array.from({ length: 13 }, (_, i) => `R-${String(i + 1).padStart(3, '0')}`),
    );
    const [counter] = await adminSql<{ last_seq: number }>(
      env,
      `select c.last_seq from documents_counter c join documents_type t on t.tenant_id = c.tenant_id and t.id = c.type_id
       where t.tenant_id = $1 and t.key = 'race'`,
      [f.tenantId],
    );
    expect(Number(counter!.last_seq)).toBe(13);
  });

  it('allocates a number in the caller transaction and gives it back when it rolls back', async () => {
    await documents().defineType(f.system, { key: 'act', name: 'Act', period: 'none' });
    await expect(
      env.crm.transaction(f.system, async (tx) => {
        expect((await documents().allocateNumber(tx, { type: 'act' })).number).toBe('ACT-00001');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await documents().allocateNumber(f.system, { type: 'act' })).toEqual({
      number: 'ACT-00001',
      seq: 1,
      period: '',
    });
    expect((await documents().allocateNumber(f.system, { type: 'act' })).number).toBe('ACT-00002');
  });

  it('keeps a given number as is, refuses it twice for one type, and files documents without one', async () => {
    const given = await documents().create(f.system, letter(f.globex, { number: 'EXT-17' }));
    expect([given.number, given.seq]).toEqual(['EXT-17', null]);
    await expect(documents().create(f.system, letter(f.globex, { number: 'EXT-17' }))).rejects.toMatchObject({
      code: 'DUPLICATE',
    });
    expect((await documents().create(f.system, letter(f.globex, { number: 'none' }))).number).toBeNull();
  });

  it("keeps each tenant's counters apart", async () => {
    const other = await seedDocuments(env, 'Other');
    await documents().defineType(other.system, {
      key: 'contract',
      name: 'Contract',
      numberFormat: 'CT-{yyyy}-{seq:5}',
    });
    const doc = await documents().create(other.system, letter(other.globex, { issuedOn: '2026-01-02' }));
    expect(doc.number).toBe('CT-2026-00001');
  });
});
