import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
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

describe('content in S3-compatible storage (s3rver)', () => {
  let server: S3rver;
  let directory: string;
  let env: DocumentsEnv;
  let f: DocumentsFixture;
  let client: S3Client;
  const documents = () => env.crm.services.documents;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

  const objects = async () =>
    (await client.send(new ListObjectsV2Command({ Bucket: 'documents' }))).Contents?.map((o) => o.Key!) ?? [];

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'rapport-s3-'));
    server = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory,
      configureBuckets: [{ name: 'documents' }],
    });
    const { port } = await server.run();
    const endpoint = `http://127.0.0.1:${port}`;
    client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials });
    env = await documentsTestCrm({
      plugin: documentsPlugin.configure({
        storage: {
          kind: 's3',
          endpoint,
          bucket: 'documents',
          region: 'us-east-1',
          credentials,
          forcePathStyle: true,
          prefix: 'crm/',
        },
        maxContentBytes: 4096,
      }) as typeof documentsPlugin,
    });
    f = await seedDocuments(env);
    await documents().defineType(f.system, { key: 'scan', name: 'Scan', period: 'none' });
  });
  afterAll(async () => {
    client?.destroy();
    await env?.close();
    await server?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('stores content in the bucket under the tenant, not in PostgreSQL, and reads it back checked', async () => {
    const doc = await documents().create(f.system, {
      type: 'scan',
      title: 'Signed contract scan',
      direction: 'incoming',
      parties: [{ partyId: f.globex }],
      content: pdfContent('scanned'),
    });
    const version = doc.currentVersion!;
    expect(version.storage).toBe('s3');
    expect(await objects()).toContain(`crm/${f.tenantId}/${version.id}`);
    const rows = await adminSql(env, 'select 1 from documents_content where tenant_id = $1', [f.tenantId]);
    expect(rows).toEqual([]);
    const content = await documents().content(f.system, version.id);
    expect([Buffer.from(content.bytes).toString(), content.sha256]).toEqual([
      pdfContent('scanned').bytes.toString(),
      version.sha256,
    ]);
  });

  it('writes nothing to the bucket for content over the limit', async () => {
    const before = await objects();
    await expect(
      documents().create(f.system, {
        type: 'scan',
        title: 'Too big',
        direction: 'incoming',
        parties: [{ partyId: f.globex }],
        content: { filename: 'big.pdf', contentType: 'application/pdf', bytes: Buffer.alloc(5000, 7) },
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'content.bytes' })] },
    });
    expect(await objects()).toEqual(before);
  });

  it('deletes the objects of a person erased, keeping the register row and its number', async () => {
    const person = (
      await env.crm.services.parties.create(f.system, {
        kind: 'person',
        givenName: 'Erin',
        familyName: 'Erased',
        ownerId: f.alice.id,
      })
    ).party.id;
    const doc = await documents().create(f.system, {
      type: 'scan',
      title: 'Erin ID scan',
      direction: 'incoming',
      parties: [{ partyId: person }],
      content: pdfContent('id card'),
    });
    const key = `crm/${f.tenantId}/${doc.currentVersion!.id}`;
    expect(await objects()).toContain(key);
    await env.crm.services.privacy.erase(f.as(f.admin), person, 'data subject request');
    expect(await objects()).not.toContain(key);
    const after = await documents().get(f.system, doc.id);
    expect([after.number, after.contentErased, after.title]).toEqual([doc.number, true, 'Erased document']);
  });

  it('deletes the object again when the transaction that stored it rolls back', async () => {
    const doc = await documents().create(f.system, {
      type: 'scan',
      title: 'Rolled back scan',
      direction: 'incoming',
      parties: [{ partyId: f.globex }],
      content: pdfContent('v1'),
    });
    const before = await objects();
    let stored: string | undefined;
    await expect(
      env.crm.transaction(f.system, async (tx) => {
        const version = await documents().addVersion(tx, doc.id, {
          content: pdfContent('v2'),
          reason: 'lost',
        });
        stored = `crm/${f.tenantId}/${version.id}`;
        expect(await objects()).toContain(stored);
        throw new Error('the command failed after the upload');
      }),
    ).rejects.toThrow('the command failed after the upload');
    expect(await objects()).not.toContain(stored);
    expect(await objects()).toEqual(before);
  });

  it('sweeps objects of the tenant no version refers to once past the grace period, and keeps the rest', async () => {
    const doc = await documents().create(f.system, {
      type: 'scan',
      title: 'Kept scan',
      direction: 'incoming',
      parties: [{ partyId: f.globex }],
      content: pdfContent('kept'),
    });
    const kept = `crm/${f.tenantId}/${doc.currentVersion!.id}`;
    // What a crash between an upload and its rollback leaves behind, and an object that is not ours.
    const orphan = `crm/${f.tenantId}/018f0000-0000-7000-8000-0000000000aa`;
    const foreign = `crm/${f.tenantId}/readme.txt`;
    for (const key of [orphan, foreign])
      await client.send(new PutObjectCommand({ Bucket: 'documents', Key: key, Body: 'x' }));
    // Within the default grace period (24 h) nothing goes.
    expect(await documents().sweepOrphans(f.system)).toEqual({ checked: 0, deleted: [] });
    await expect(documents().sweepOrphans(f.as(f.alice), { graceHours: 0 })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    const swept = await documents().sweepOrphans(f.system, { graceHours: 0 });
    expect(swept.deleted).toEqual(['018f0000-0000-7000-8000-0000000000aa']);
    const left = await objects();
    expect(left).toContain(kept);
    expect(left).toContain(foreign);
    expect(left).not.toContain(orphan);
  });
});
