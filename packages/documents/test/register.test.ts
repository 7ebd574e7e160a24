import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Document } from '../src/index.js';
import {
  type DocumentsEnv,
  type DocumentsFixture,
  documentsTestCrm,
  pdfContent,
  seedDocuments,
} from './fixture.js';

describe('the document register', () => {
  let env: DocumentsEnv;
  let f: DocumentsFixture;
  let partner: string;
  const documents = () => env.crm.services.documents;

  beforeAll(async () => {
    env = await documentsTestCrm();
    f = await seedDocuments(env);
    partner = (
      await env.crm.services.parties.create(f.system, {
        kind: 'person',
        givenName: 'Pat',
        familyName: 'Partner',
        ownerId: f.alice.id,
      })
    ).party.id;
    await documents().defineType(f.system, { key: 'letter', name: 'Letter', statuses: ['answered'] });
    await documents().defineType(f.system, { key: 'scan', name: 'Scan', period: 'none' });
  });
  afterAll(() => env?.close());

  it('files a document with its parties, subject, owner, tags and first version', async () => {
    const subject = { kind: 'deal', id: '0190f0c4-0000-7000-8000-000000000001' };
    const doc = await documents().create(f.as(f.alice), {
      type: 'letter',
      title: 'Offer follow-up',
      direction: 'outgoing',
      parties: [{ partyId: f.globex }, { partyId: partner, role: 'contact_person' }],
      subject,
      issuedOn: '2026-02-03',
      tags: ['follow-up'],
      custom: { channel: 'post' },
      content: pdfContent('first'),
      reason: 'first draft',
    });
    expect(doc).toMatchObject({
      type: 'letter',
      number: 'LETTER-2026-00001',
      status: 'draft',
      ownerId: f.alice.id,
      subject,
      issuedOn: '2026-02-03',
      tags: ['follow-up'],
      custom: { channel: 'post' },
      parties: [
        { partyId: f.globex, role: 'customer' },
        { partyId: partner, role: 'contact_person' },
      ],
      contentErased: false,
    });
    expect(doc.currentVersion).toMatchObject({
      number: 1,
      filename: 'file.pdf',
      current: true,
      reason: 'first draft',
    });
    expect(await documents().get(f.as(f.alice), doc.id)).toEqual(doc);
  });

  it('defaults the status of incoming documents to received', async () => {
    const doc = await documents().create(f.system, {
      type: 'scan',
      title: 'Signed delivery note',
      direction: 'incoming',
      parties: [{ partyId: f.globex }],
    });
    expect([doc.status, doc.ownerId, doc.currentVersion]).toEqual(['received', null, null]);
  });

  it('refuses bad input naming each field, and writes nothing', async () => {
    const before = (await documents().list(f.system, { page: { limit: 500 } })).items.length;
    await expect(
      documents().create(f.system, {
        type: 'letter',
        title: '',
        direction: 'sideways' as never,
        parties: [],
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: {
        issues: expect.arrayContaining([
          expect.objectContaining({ path: 'title' }),
          expect.objectContaining({ path: 'direction' }),
          expect.objectContaining({ path: 'parties' }),
        ]),
      },
    });
    await expect(
      documents().create(f.system, {
        type: 'letter',
        title: 'x',
        direction: 'outgoing',
        parties: [{ partyId: '0190f0c4-0000-7000-8000-00000000dead' }],
        status: 'shredded',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_DATA' });
    expect((await documents().list(f.system, { page: { limit: 500 } })).items.length).toBe(before);
  });

  it('changes status within the type, audits it and refuses a status the type lacks', async () => {
    const doc = await documents().create(f.system, {
      type: 'letter',
      title: 'Complaint answer',
      direction: 'outgoing',
      parties: [{ partyId: f.globex }],
    });
    const sent = await documents().setStatus(f.system, doc.id, { status: 'sent', reason: 'posted' });
    expect([sent.status, sent.version]).toEqual(['sent', doc.version + 1]);
    expect((await documents().setStatus(f.system, doc.id, { status: 'answered' })).status).toBe('answered');
    await expect(documents().setStatus(f.system, doc.id, { status: 'approved' })).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'status' })] },
    });
    await expect(
      documents().setStatus(f.system, doc.id, { status: 'void', expectedVersion: doc.version }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('puts every event on the timeline of each party, once', async () => {
    const doc = await documents().create(f.system, {
      type: 'letter',
      title: 'Timeline letter',
      direction: 'outgoing',
      parties: [{ partyId: f.globex }, { partyId: partner, role: 'contact_person' }],
      content: pdfContent('v1'),
    });
    await documents().addVersion(f.system, doc.id, { content: pdfContent('v2'), reason: 'typo fixed' });
    await documents().setStatus(f.system, doc.id, { status: 'sent' });
    for (const partyId of [f.globex, partner]) {
      const { items } = await env.crm.services.timeline.timeline(f.system, partyId, { types: ['document'] });
      const mine = items.filter((e) => e.data.documentId === doc.id);
      expect(mine.map((e) => e.data.event)).toEqual(['status', 'version', 'created']);
      expect(mine[0]!.data).toMatchObject({
        number: doc.number,
        type: 'letter',
        status: 'sent',
        fromStatus: 'draft',
      });
      expect(mine[1]!.data).toMatchObject({ versionNumber: 2, reason: 'typo fixed' });
      expect(mine[0]!.subject).toEqual({ type: 'document', id: doc.id });
    }
  });

  it('lists documents by party, subject, type, status and tag, newest first, page by page', async () => {
    const made: Document[] = [];
    for (const i of [1, 2, 3])
      made.push(
        await documents().create(f.system, {
          type: 'scan',
          title: `Listed ${i}`,
          direction: 'incoming',
          parties: [{ partyId: f.hooli }],
          tags: [`batch-${i % 2}`],
          subject: { kind: 'quote', id: '0190f0c4-0000-7000-8000-0000000000aa' },
        }),
      );
    const first = await documents().list(f.system, { partyId: f.hooli, page: { limit: 2 } });
    expect(first.items.map((d) => d.title)).toEqual(['Listed 3', 'Listed 2']);
    const second = await documents().list(f.system, {
      partyId: f.hooli,
      page: { limit: 2, cursor: first.nextCursor! },
    });
    expect([second.items.map((d) => d.title), second.nextCursor]).toEqual([['Listed 1'], null]);
    const bySubject = await documents().list(f.system, {
      subject: { kind: 'quote', id: '0190f0c4-0000-7000-8000-0000000000aa' },
    });
    expect(bySubject.items).toHaveLength(3);
    expect((await documents().list(f.system, { partyId: f.hooli, tag: 'batch-1' })).items).toHaveLength(2);
    expect(
      (await documents().list(f.system, { type: 'scan', status: 'received', partyId: f.hooli })).items,
    ).toHaveLength(3);
    expect((await documents().list(f.system, { type: 'letter', partyId: f.hooli })).items).toEqual([]);
    await expect(documents().list(f.system, { page: { cursor: 'nonsense' } })).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'page.cursor' })] },
    });
  });
});
