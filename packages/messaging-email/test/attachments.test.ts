import { createHash } from 'node:crypto';
import { type CallContext, f, InvalidDataError } from '@rapport/core';
import type { TestDatabase } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../src/testing/index.js';
import {
  addCustomer,
  buildCrm,
  type EmailCrm,
  emailDatabase,
  emailEnv,
  journalRowsOf,
  settledMailing,
  settledMessage,
  waitForStatus,
} from './fixture.js';

const OFFER = { kind: 'email', name: 'offer', parts: { subject: 'Your offer', text: 'Attached.' } };
/** A small PDF's bytes (what matters is that they arrive unchanged). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n\u0000\u00ff binary tail',
  'latin1',
);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('email attachments', () => {
  let server: TestSmtpServer;
  let env: Awaited<ReturnType<typeof emailEnv>>;
  let crm: EmailCrm;
  let ctx: CallContext;

  const counts = () =>
    crm.transaction(ctx, async (tx) => {
      const [row] = await tx.sql<{ messages: number; attachments: number; blobs: number }>(
        `select (select count(*)::int from messaging_message) as messages,
                (select count(*)::int from messaging_message_attachment) as attachments,
                (select count(*)::int from messaging_attachment_blob) as blobs`,
      );
      return row!;
    });

  beforeAll(async () => {
    server = await startSmtpServer();
    env = await emailEnv(server);
    crm = env.crm;
    ctx = env.ctx;
    crm.services.templates.register(OFFER);
  });
  afterAll(async () => {
    await env?.close();
    await server?.close();
  });

  it('sends a PDF attachment that arrives with its name, type and exact bytes', async () => {
    const party = await addCustomer(crm, ctx, { givenName: 'Ada', email: 'ada@attach.test' });
    const message = await crm.services.messaging.send(ctx, {
      channel: 'email',
      partyId: party.id,
      template: 'offer',
      attachments: [{ filename: 'offer-42.pdf', contentType: 'application/pdf', content: PDF }],
    });
    expect(message.attachmentCount).toBe(1);
    await settledMessage(crm, ctx, message.id, ['sent']);
    const [mail] = server.to('ada@attach.test');
    expect(mail!.parsed.attachments).toHaveLength(1);
    const [file] = mail!.parsed.attachments;
    expect(file!.filename).toBe('offer-42.pdf');
    expect(file!.contentType).toBe('application/pdf');
    expect(Buffer.compare(file!.content, PDF)).toBe(0);
    expect(mail!.parsed.text?.trim()).toBe('Attached.');
  });

  it('lists the attachments in the journal entry, without their bytes', async () => {
    const party = await addCustomer(crm, ctx, { givenName: 'Bob', email: 'bob@attach.test' });
    const csv = new TextEncoder().encode('a,b\n1,2\n');
    const message = await crm.services.messaging.send(ctx, {
      channel: 'email',
      partyId: party.id,
      template: 'offer',
      attachments: [
        { filename: 'offer.pdf', contentType: 'application/pdf', content: PDF },
        { filename: 'lines.csv', contentType: 'text/csv', content: csv },
      ],
    });
    await settledMessage(crm, ctx, message.id, ['sent']);
    const [entry] = await journalRowsOf(crm, ctx, message.id);
    expect(entry!.data.attachments).toEqual([
      { filename: 'offer.pdf', contentType: 'application/pdf', size: PDF.length, sha256: sha256(PDF) },
      { filename: 'lines.csv', contentType: 'text/csv', size: csv.length, sha256: sha256(Buffer.from(csv)) },
    ]);
    const [mail] = server.to('bob@attach.test');
    expect(mail!.parsed.attachments.map((a) => a.filename)).toEqual(['offer.pdf', 'lines.csv']);
  });

  it('stores a content sent twice once', async () => {
    const before = await counts();
    const party = await addCustomer(crm, ctx, { givenName: 'Cy', email: 'cy@attach.test' });
    await crm.services.messaging.send(ctx, {
      channel: 'email',
      partyId: party.id,
      template: 'offer',
      attachments: [{ filename: 'same.pdf', contentType: 'application/pdf', content: PDF }],
    });
    const after = await counts();
    expect(after.attachments - before.attachments).toBe(1);
    expect(after.blobs).toBe(before.blobs);
  });

  it('refuses attachments past the size limit, naming the one that exceeds it, and writes nothing', async () => {
    const party = await addCustomer(crm, ctx, { givenName: 'Dee', email: 'dee@attach.test' });
    const before = await counts();
    const big = Buffer.alloc(6 * 1024 * 1024, 1);
    const error = await crm.services.messaging
      .send(ctx, {
        channel: 'email',
        partyId: party.id,
        template: 'offer',
        attachments: [
          { filename: 'a.bin', contentType: 'application/octet-stream', content: big },
          { filename: 'b.bin', contentType: 'application/octet-stream', content: big },
        ],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as InvalidDataError).issues.map((i) => [i.path, i.code])).toEqual([
      ['attachments.1.content', 'too_big'],
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a file name with a path and content that is not bytes, naming each', async () => {
    const party = await addCustomer(crm, ctx, { givenName: 'Eve', email: 'eve@attach.test' });
    const error = await crm.services.messaging
      .send(ctx, {
        channel: 'email',
        partyId: party.id,
        template: 'offer',
        attachments: [
          { filename: '../etc/passwd', contentType: 'text/plain', content: PDF },
          { filename: 'x.txt', contentType: 'text/plain', content: 'text' as never },
        ],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as InvalidDataError).issues.map((i) => i.path).sort()).toEqual([
      'attachments.0.filename',
      'attachments.1.content',
    ]);
  });

  it('sends the attachment of a mailing to every recipient, stored once for the mailing', async () => {
    const before = await counts();
    const brochure = Buffer.from('%PDF-1.4 spring brochure');
    for (const name of ['Ian', 'Joy', 'Kim'])
      await addCustomer(crm, ctx, {
        givenName: name,
        email: `${name.toLowerCase()}@mailing.test`,
        tags: ['brochure'],
      });
    const { mailing } = await crm.services.messaging.sendToSegment(ctx, {
      channel: 'email',
      template: 'offer',
      filter: f.tag('brochure'),
      attachments: [{ filename: 'spring.pdf', contentType: 'application/pdf', content: brochure }],
    });
    const progress = await settledMailing(crm, ctx, mailing.id);
    expect(progress.byStatus.sent).toBe(3);
    for (const name of ['ian', 'joy', 'kim']) {
      const [mail] = server.to(`${name}@mailing.test`);
      expect(mail!.parsed.attachments.map((a) => a.filename)).toEqual(['spring.pdf']);
      expect(Buffer.compare(mail!.parsed.attachments[0]!.content, brochure)).toBe(0);
    }
    const after = await counts();
    expect(after.blobs - before.blobs).toBe(1);
    expect(after.attachments).toBe(before.attachments);
    const entries = await crm.transaction(ctx, (tx) =>
      tx.sql<{ data: { attachments?: unknown[] } }>(
        `select data from core_journal_entry where tenant_id = $1 and data->>'mailingId' = $2`,
        [ctx.tenantId, mailing.id],
      ),
    );
    expect(entries.map((e) => e.data.attachments?.length)).toEqual([1, 1, 1]);
  });

  it('removes the attachments of an erased party, and contents no other message uses', async () => {
    const keep = await addCustomer(crm, ctx, { givenName: 'Fay', email: 'fay@attach.test' });
    const gone = await addCustomer(crm, ctx, { givenName: 'Gil', email: 'gil@attach.test' });
    const own = Buffer.from('only for Gil');
    for (const [party, files] of [
      [gone, [PDF, own]],
      [keep, [PDF]],
    ] as const) {
      const message = await crm.services.messaging.send(ctx, {
        channel: 'email',
        partyId: party.id,
        template: 'offer',
        attachments: files.map((content, i) => ({
          filename: `f${i}.bin`,
          contentType: 'application/pdf',
          content,
        })),
      });
      await settledMessage(crm, ctx, message.id, ['sent']);
    }
    await crm.services.privacy.erase(ctx, gone.id, 'data-subject request');
    const rows = await crm.transaction(ctx, (tx) =>
      tx.sql<{ party_id: string; attachment_count: number; files: number }>(
        `select m.party_id, m.attachment_count,
           (select count(*)::int from messaging_message_attachment a where a.tenant_id = m.tenant_id and a.message_id = m.id) as files
         from messaging_message m where m.tenant_id = $1 and m.party_id = any($2::uuid[])`,
        [ctx.tenantId, [keep.id, gone.id]],
      ),
    );
    expect(rows.find((r) => r.party_id === gone.id)).toMatchObject({ attachment_count: 0, files: 0 });
    expect(rows.find((r) => r.party_id === keep.id)).toMatchObject({ attachment_count: 1, files: 1 });
    const blobs = await crm.transaction(ctx, (tx) =>
      tx.sql<{ sha256: string }>(
        'select sha256 from messaging_attachment_blob where sha256 = any($1::text[])',
        [[sha256(PDF), sha256(own)]],
      ),
    );
    expect(blobs.map((b) => b.sha256)).toEqual([sha256(PDF)]);
  });
});

describe('an attachment across a restart', () => {
  let server: TestSmtpServer;
  let database: TestDatabase;

  beforeAll(async () => {
    server = await startSmtpServer();
    database = await emailDatabase(server);
  });
  afterAll(async () => {
    await database?.drop();
    await server?.close();
  });

  it('a message queued with an attachment by a CRM that stops is sent, attachment included, by the next one', async () => {
    const first = await buildCrm(database, server, {}, { workers: false });
    await first.migrate();
    first.services.templates.register(OFFER);
    const tenant = await first.services.tenants.create({ name: 'Restart' });
    const ctx = first.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'test' } });
    const party = await addCustomer(first, ctx, { givenName: 'Hal', email: 'hal@restart.test' });
    const message = await first.services.messaging.send(ctx, {
      channel: 'email',
      partyId: party.id,
      template: 'offer',
      attachments: [{ filename: 'offer.pdf', contentType: 'application/pdf', content: PDF }],
    });
    await first.close();
    expect(server.to('hal@restart.test')).toHaveLength(0);

    const second = await buildCrm(database, server);
    try {
      await waitForStatus(second, ctx, message.id, ['sent']);
      const [mail] = server.to('hal@restart.test');
      expect(mail!.parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
        ['offer.pdf', 'application/pdf'],
      ]);
      expect(Buffer.compare(mail!.parsed.attachments[0]!.content, PDF)).toBe(0);
    } finally {
      await second.close();
    }
  });
});
