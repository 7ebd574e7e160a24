import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentsPlugin } from '../src/index.js';
import {
  adminSql,
  type DocumentsEnv,
  type DocumentsFixture,
  documentsTestCrm,
  pdfContent,
  seedDocuments,
} from './fixture.js';

describe('document versions and content', () => {
  let env: DocumentsEnv;
  let f: DocumentsFixture;
  const documents = () => env.crm.services.documents;
  const count = async (table: string) =>
    Number(
      (
        await adminSql<{ n: string }>(env, `select count(*) as n from ${table} where tenant_id = $1`, [
          f.tenantId,
        ])
      )[0]!.n,
    );

  beforeAll(async () => {
    env = await documentsTestCrm({
      plugin: documentsPlugin.configure({
        maxContentBytes: 1024,
        allowedContentTypes: ['application/pdf', 'image/*', 'text/plain'],
      }) as typeof documentsPlugin,
    });
    f = await seedDocuments(env);
    await documents().defineType(f.system, { key: 'letter', name: 'Letter' });
  });
  afterAll(() => env?.close());

  const create = (content = pdfContent('v1')) =>
    documents().create(f.system, {
      type: 'letter',
      title: 'Versioned',
      direction: 'outgoing',
      parties: [{ partyId: f.globex }],
      ownerId: f.alice.id,
      content,
    });

  it('keeps every version, who made it, when and why, and marks the current one', async () => {
    const doc = await create();
    const v2 = await documents().addVersion(f.as(f.alice), doc.id, {
      content: pdfContent('v2'),
      reason: 'prices corrected',
    });
    const versions = await documents().versions(f.system, doc.id);
    expect(versions.map((v) => [v.number, v.current, v.reason])).toEqual([
      [1, false, null],
      [2, true, 'prices corrected'],
    ]);
    expect(v2).toMatchObject({
      employeeId: f.alice.id,
      actor: { kind: 'employee', id: f.alice.id },
      size: pdfContent('v2').bytes.length,
    });
    expect(v2.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await documents().get(f.system, doc.id)).currentVersion?.id).toBe(v2.id);
    const first = await documents().content(f.system, versions[0]!.id);
    expect(Buffer.from(first.bytes).toString()).toContain('v1');
    const second = await documents().content(f.system, v2.id);
    expect([Buffer.from(second.bytes).toString(), second.sha256, second.contentType]).toEqual([
      pdfContent('v2').bytes.toString(),
      v2.sha256,
      'application/pdf',
    ]);
  });

  it('refuses content over the size limit naming content.bytes, and writes nothing', async () => {
    const before = [
      await count('documents_document'),
      await count('documents_version'),
      await count('documents_content'),
    ];
    const big = { filename: 'big.pdf', contentType: 'application/pdf', bytes: Buffer.alloc(1025, 1) };
    await expect(create(big)).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'content.bytes', code: 'too_big' })] },
    });
    const doc = await create();
    await expect(
      documents().addVersion(f.system, doc.id, { content: big, reason: 'too big' }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'content.bytes' })] },
    });
    expect([
      await count('documents_document'),
      await count('documents_version'),
      await count('documents_content'),
    ]).toEqual([before[0]! + 1, before[1]! + 1, before[2]! + 1]);
  });

  it('refuses a content type that is not allowed naming content.contentType, and accepts a family', async () => {
    await expect(
      create({ filename: 'run.exe', contentType: 'application/x-msdownload', bytes: Buffer.from('MZ') }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'content.contentType' })] },
    });
    const scan = await create({ filename: 'scan.png', contentType: 'image/png', bytes: Buffer.from('png') });
    expect(scan.currentVersion?.contentType).toBe('image/png');
  });

  it('detects content altered in storage instead of serving it', async () => {
    const doc = await create();
    await adminSql(
      env,
      `update documents_content set bytes = 'tampered'::bytea where tenant_id = $1 and version_id = $2`,
      [f.tenantId, doc.currentVersion!.id],
    );
    await expect(documents().content(f.system, doc.currentVersion!.id)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      details: { versionId: doc.currentVersion!.id },
    });
  });

  it('rolls the version back with the transaction that added it', async () => {
    const doc = await create();
    await expect(
      env.crm.transaction(f.system, async (tx) => {
        await documents().addVersion(tx, doc.id, { content: pdfContent('lost'), reason: 'rolled back' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await documents().versions(f.system, doc.id)).map((v) => v.number)).toEqual([1]);
  });
});
