import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
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
});
