import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Document } from '../src/index.js';
import {
  adminSql,
  type DocumentsEnv,
  type DocumentsFixture,
  documentsTestCrm,
  pdfContent,
  seedDocuments,
} from './fixture.js';

describe('who may change a document', () => {
  let env: DocumentsEnv;
  let f: DocumentsFixture;
  const documents = () => env.crm.services.documents;
  /** A letter about Globex (Alice's customer) owned by `ownerId`. */
  const letter = (ownerId: string | undefined): Promise<Document> =>
    documents().create(f.system, {
      type: 'letter',
      title: 'Letter',
      direction: 'outgoing',
      parties: [{ partyId: f.globex }],
      ...(ownerId ? { ownerId } : {}),
      content: pdfContent('v1'),
    });
  const written = async (id: string) => {
    const [row] = await adminSql<{ versions: number; history: number; status: string }>(
      env,
      `select (select count(*)::int from documents_version where document_id = $1) as versions,
              (select count(*)::int from documents_history where document_id = $1) as history,
              (select status from documents_document where id = $1) as status`,
      [id],
    );
    return row!;
  };

  beforeAll(async () => {
    env = await documentsTestCrm();
    f = await seedDocuments(env);
    await documents().defineType(f.system, { key: 'letter', name: 'Letter', statuses: ['answered'] });
  });
  afterAll(() => env?.close());

  it('lets the owner change the status and add a version', async () => {
    const doc = await letter(f.alice.id);
    await documents().setStatus(f.as(f.alice), doc.id, { status: 'sent' });
    await documents().addVersion(f.as(f.alice), doc.id, { content: pdfContent('v2'), reason: 'typo' });
    expect(await written(doc.id)).toMatchObject({ versions: 2, status: 'sent' });
  });

  it('lets a colleague who sees the document read it, and refuses their change with nothing written', async () => {
    // Carol owns the letter; Alice sees it through Globex, her customer, without owning it.
    const doc = await letter(f.carol.id);
    await expect(documents().get(f.as(f.alice), doc.id)).resolves.toMatchObject({ id: doc.id });
    const before = await written(doc.id);
    await expect(documents().setStatus(f.as(f.alice), doc.id, { status: 'sent' })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    await expect(
      documents().addVersion(f.as(f.alice), doc.id, { content: pdfContent('v2'), reason: 'mine' }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    expect(await written(doc.id)).toEqual(before);
  });

  it('lets a manager who sees it, an administrator and a system process change it', async () => {
    const doc = await letter(f.alice.id);
    await documents().setStatus(f.as(f.northManager), doc.id, { status: 'sent' });
    await documents().setStatus(f.as(f.salesManager), doc.id, { status: 'answered' });
    await documents().addVersion(f.as(f.admin), doc.id, { content: pdfContent('v2'), reason: 'admin' });
    await documents().addVersion(f.system, doc.id, { content: pdfContent('v3'), reason: 'system' });
    expect(await written(doc.id)).toMatchObject({ versions: 3, status: 'answered' });
  });

  it('lets only managers, administrators and system processes change a document without owner', async () => {
    const doc = await letter(undefined);
    expect(doc.ownerId).toBeNull();
    await expect(documents().setStatus(f.as(f.alice), doc.id, { status: 'sent' })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    await documents().setStatus(f.as(f.northManager), doc.id, { status: 'sent' });
    expect((await written(doc.id)).status).toBe('sent');
  });
});
