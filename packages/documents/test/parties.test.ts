import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminSql,
  type DocumentsEnv,
  type DocumentsFixture,
  documentsTestCrm,
  pdfContent,
  seedDocuments,
} from './fixture.js';

describe('documents and party operations', () => {
  let env: DocumentsEnv;
  let f: DocumentsFixture;
  const documents = () => env.crm.services.documents;
  const person = async (familyName: string, ownerId = f.alice.id) =>
    (
      await env.crm.services.parties.create(f.system, {
        kind: 'person',
        givenName: 'Sam',
        familyName,
        ownerId,
      })
    ).party.id;
  const file = (title: string, partyIds: string[], extra: Record<string, unknown> = {}) =>
    documents().create(f.system, {
      type: 'letter',
      title,
      direction: 'outgoing',
      parties: partyIds.map((partyId) => ({ partyId })),
      content: pdfContent(title),
      ...extra,
    });

  beforeAll(async () => {
    env = await documentsTestCrm();
    f = await seedDocuments(env);
    await documents().defineType(f.system, { key: 'letter', name: 'Letter' });
  });
  afterAll(() => env?.close());

  it('shows an agent the documents of parties they may see, and nothing of the others', async () => {
    const globexDoc = await file('Globex only', [f.globex]);
    const hooliDoc = await file('Hooli only', [f.hooli]);
    const both = await file('Both', [f.globex, f.hooli]);
    const ids = async (ctx: ReturnType<DocumentsFixture['as']>, partyId?: string) =>
      (await documents().list(ctx, { ...(partyId ? { partyId } : {}), page: { limit: 500 } })).items.map(
        (d) => d.id,
      );
    const carol = await ids(f.as(f.carol));
    expect(carol).toContain(hooliDoc.id);
    expect(carol).toContain(both.id);
    expect(carol).not.toContain(globexDoc.id);
    expect(await ids(f.as(f.carol), f.globex)).toEqual([both.id]);
    await expect(documents().get(f.as(f.carol), globexDoc.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(documents().content(f.as(f.carol), globexDoc.currentVersion!.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      documents().setStatus(f.as(f.carol), globexDoc.id, { status: 'sent' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      documents().create(f.as(f.carol), {
        type: 'letter',
        title: 'x',
        direction: 'outgoing',
        parties: [{ partyId: f.globex }],
      }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    expect(await ids(f.as(f.alice), f.globex)).toEqual(expect.arrayContaining([globexDoc.id, both.id]));
    expect(await ids(f.as(f.salesManager))).toEqual(expect.arrayContaining([globexDoc.id, both.id]));
  });

  it('moves documents to the survivor of a merge, collapsing a link to both', async () => {
    const merged = await person('Merged');
    const survivor = await person('Survivor');
    const only = await file('Merged only', [merged]);
    const shared = await file('Shared', [survivor, merged]);
    await env.crm.services.merges.merge(f.system, { survivorId: survivor, mergedId: merged });
    expect((await documents().get(f.system, only.id)).parties).toEqual([
      { partyId: survivor, role: 'customer' },
    ]);
    expect((await documents().get(f.system, shared.id)).parties).toEqual([
      { partyId: survivor, role: 'customer' },
    ]);
    const listed = (await documents().list(f.system, { partyId: survivor })).items.map((d) => d.id);
    expect(listed.sort()).toEqual([only.id, shared.id].sort());
    const [row] = await adminSql<{ party_id: string }>(
      env,
      'select party_id from documents_document where tenant_id = $1 and id = $2',
      [f.tenantId, only.id],
    );
    expect(row!.party_id).toBe(survivor);
  });

  it('lists documents in the privacy export with their versions, and their bytes only on request', async () => {
    const subject = await person('Exported');
    const doc = await file('Exported letter', [subject]);
    await documents().addVersion(f.system, doc.id, { content: pdfContent('second'), reason: 'amended' });
    const exported = await env.crm.services.privacy.export(f.system, subject);
    const section = exported.sections.documents as Array<{
      id: string;
      number: string;
      versions: Array<Record<string, unknown>>;
    }>;
    expect(section.map((d) => d.id)).toEqual([doc.id]);
    expect(section[0]!.versions.map((v) => [v.number, v.reason, 'content' in v])).toEqual([
      [1, null, false],
      [2, 'amended', false],
    ]);
    expect(exported.sections.documentParties).toEqual([
      expect.objectContaining({ documentId: doc.id, partyId: subject }),
    ]);
    const withContent = await documents().personalData(f.as(f.admin), subject, { content: true });
    expect(Buffer.from(withContent[0]!.versions[1]!.content!.base64, 'base64').toString()).toContain(
      'second',
    );
    await expect(documents().personalData(f.as(f.alice), subject)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
  });

  it("erases the content of documents only about the erased person, keeping rows and numbers, and others' documents whole", async () => {
    const erased = await person('Erased');
    const own = await file('Medical certificate', [erased]);
    const shared = await file('Contract with Globex', [f.globex, erased]);
    await env.crm.services.privacy.erase(f.as(f.admin), erased, 'request');
    const after = await documents().get(f.system, own.id);
    expect(after).toMatchObject({
      number: own.number,
      title: 'Erased document',
      contentErased: true,
      status: own.status,
    });
    const versions = await documents().versions(f.system, own.id);
    expect(versions.every((v) => v.erasedAt !== null && v.sha256 === own.currentVersion!.sha256)).toBe(true);
    await expect(documents().content(f.system, own.currentVersion!.id)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const bytes = await adminSql(
      env,
      'select 1 from documents_content where tenant_id = $1 and version_id = $2',
      [f.tenantId, own.currentVersion!.id],
    );
    expect(bytes).toEqual([]);
    await expect(
      documents().addVersion(f.system, own.id, { content: pdfContent('new'), reason: 'x' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const kept = await documents().get(f.system, shared.id);
    expect([kept.title, kept.contentErased]).toEqual(['Contract with Globex', false]);
    expect(
      Buffer.from((await documents().content(f.system, shared.currentVersion!.id)).bytes).toString(),
    ).toContain('Contract');
  });

  it("hands a deactivated employee's documents to the heir, except void ones", async () => {
    const leaver = await env.crm.services.employees.create(f.system, {
      name: 'Leaver',
      departmentId: f.departments.north,
      role: 'agent',
    });
    const open = await file('Open', [f.globex], { ownerId: leaver.id });
    const voided = await file('Voided', [f.globex], { ownerId: leaver.id });
    await documents().setStatus(f.system, voided.id, { status: 'void', reason: 'mistake' });
    await env.crm.services.employees.deactivate(f.as(f.admin), leaver.id, {
      heirId: f.bob.id,
      reason: 'left',
    });
    expect((await documents().get(f.system, open.id)).ownerId).toBe(f.bob.id);
    expect((await documents().get(f.system, voided.id)).ownerId).toBe(leaver.id);
  });
});
