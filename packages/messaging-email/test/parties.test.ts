import { type CallContext, f } from '@rapport/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../src/testing/index.js';
import * as fixture from './fixture.js';
import { addCustomer, type EmailCrm, journalRowsOf, settledMailing, settledMessage } from './fixture.js';

describe('messages in merges, privacy requests, delivery reports and tenancy', () => {
  let server: TestSmtpServer;
  let env: Awaited<ReturnType<typeof fixture.emailEnv>>;
  let crm: EmailCrm;
  let ctx: CallContext;

  const sendTo = async (partyId: string) => {
    const message = await crm.services.messaging.send(ctx, { channel: 'email', partyId, template: 'hi' });
    return settledMessage(crm, ctx, message.id, ['sent']);
  };

  beforeAll(async () => {
    server = await startSmtpServer();
    env = await fixture.emailEnv(server, { rate: 500 });
    ({ crm, ctx } = env);
    crm.services.templates.register({
      kind: 'email',
      name: 'hi',
      parts: { subject: 'Hi {{party.givenName}}', text: 'Hi' },
    });
  });
  afterAll(async () => {
    await env?.close();
    await server?.close();
  });

  it('a merge moves the merged party’s messages to the survivor', async () => {
    const survivor = await addCustomer(crm, ctx, {
      givenName: 'Kim',
      familyName: 'Lee',
      email: 'kim@merge.test',
    });
    const merged = await addCustomer(crm, ctx, {
      givenName: 'Kim',
      familyName: 'Lee',
      email: 'kim.lee@merge.test',
    });
    const message = await sendTo(merged.id);
    await crm.services.merges.merge(ctx, { survivorId: survivor.id, mergedId: merged.id });
    const moved = await crm.services.messaging.get(ctx, message.id);
    expect(moved.partyId).toBe(survivor.id);
    expect((await crm.services.messaging.forParty(ctx, survivor.id)).map((m) => m.id)).toEqual([message.id]);
  });

  it('an export lists the person’s messages; an erasure blanks their addresses and content but keeps the counts', async () => {
    const party = await addCustomer(crm, ctx, { givenName: 'Eve', email: 'eve@privacy.test' });
    const message = await sendTo(party.id);
    const exported = await crm.services.privacy.export(ctx, party.id);
    expect(exported.sections.messages).toEqual([
      expect.objectContaining({ id: message.id, address: 'eve@privacy.test', status: 'sent' }),
    ]);
    await crm.services.privacy.erase(ctx, party.id, 'data-subject request');
    const erased = await crm.services.messaging.get(ctx, message.id);
    expect(erased).toMatchObject({ status: 'sent', address: null, content: null });
    const [entry] = await journalRowsOf(crm, ctx, message.id);
    expect(entry!.data).toEqual({});
  });

  it('an erasure skips the person’s messages that have not gone out yet', async () => {
    const tags = ['erase-me'];
    const keep = await addCustomer(crm, ctx, { givenName: 'Keep', email: 'keep@erase.test', tags });
    const gone = await addCustomer(crm, ctx, { givenName: 'Gone', email: 'gone@erase.test', tags });
    // Erased in the mailing's own transaction: the dispatcher cannot have started yet.
    const started = await crm.transaction(ctx, async (tx) => {
      const mailing = await crm.services.messaging.sendToSegment(tx, {
        channel: 'email',
        template: 'hi',
        filter: f.tag('erase-me'),
      });
      await crm.services.privacy.erase(tx, gone.id, 'data-subject request');
      return mailing;
    });
    const done = await settledMailing(crm, ctx, started.mailing.id);
    expect(done.byStatus.sent).toBe(1);
    expect(done.skipped.erased).toBe(1);
    expect(server.to('keep@erase.test')).toHaveLength(1);
    expect(server.to('gone@erase.test')).toHaveLength(0);
    expect((await crm.services.messaging.forParty(ctx, keep.id))[0]!.status).toBe('sent');
  });

  it('a later delivery report corrects the one journal entry instead of adding one; a bounce marks the address', async () => {
    const party = await addCustomer(crm, ctx, { givenName: 'Dora', email: 'dora@report.test' });
    const delivered = await sendTo(party.id);
    const reported = await crm.services.messaging.reportDelivery(ctx, delivered.id, { status: 'delivered' });
    expect(reported.status).toBe('delivered');
    const entries = await journalRowsOf(crm, ctx, delivered.id);
    expect(entries).toHaveLength(2);
    expect(entries.filter((e) => e.superseded_by === null)).toHaveLength(1);
    const current = await crm.services.journal.get(ctx, reported.journalEntryId!);
    expect(current.data).toMatchObject({ status: 'delivered' });
    const timeline = await crm.services.timeline.timeline(ctx, party.id);
    expect(timeline.items.map((e) => e.id)).toEqual([current.id]);

    const bounced = await crm.services.messaging.reportDelivery(ctx, delivered.id, {
      status: 'bounced',
      reason: '5.1.1 mailbox gone',
    });
    expect(bounced.status).toBe('bounced');
    const [point] = (await crm.services.parties.get(ctx, party.id)).contactPoints;
    expect(point!.invalidReason).toBe('5.1.1 mailbox gone');
    await expect(
      crm.services.messaging.reportDelivery(ctx, delivered.id, { status: 'later' as never }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'status' })] },
    });
  });

  it("one tenant sees none of another's messages, mailings or templates, and its tokens do not work elsewhere", async () => {
    crm.services.templates.register({
      kind: 'email',
      name: 'news',
      parts: { subject: 'News', text: 'x' },
    });
    await crm.services.templates.save(ctx, {
      kind: 'email',
      name: 'news',
      parts: { subject: 'Acme news', text: 'y' },
    });
    await addCustomer(crm, ctx, { givenName: 'Tia', email: 'tia@tenant.test', tags: ['t'] });
    const mailing = await crm.services.messaging.sendToSegment(ctx, {
      channel: 'email',
      template: 'news',
      filter: f.tag('t'),
    });
    await settledMailing(crm, ctx, mailing.mailing.id);
    expect(server.to('tia@tenant.test')[0]!.parsed.subject).toBe('Acme news');
    const [message] = await crm.services.messaging.forParty(
      ctx,
      (await crm.services.segments.query(ctx, f.tag('t'))).items[0]!.id,
    );

    const globex = await crm.services.tenants.create({ name: 'Globex' });
    const other = crm.context({ tenantId: globex.id, actor: { kind: 'system', name: 'test' } });
    await expect(crm.services.messaging.get(other, message!.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(crm.services.messaging.progress(other, mailing.mailing.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const rendered = await crm.services.templates.render(other, { kind: 'email', name: 'news', data: {} });
    expect(rendered).toMatchObject({ source: 'code', parts: { subject: 'News' } });
    const secret = await crm.transaction(ctx, (tx) =>
      tx.sql<{ s: string }>(
        'select unsubscribe_secret as s from messaging_message where tenant_id = $1 and id = $2',
        [ctx.tenantId, message!.id],
      ),
    );
    const forged = globex.id.replaceAll('-', '') + secret[0]!.s;
    await expect(crm.services.messaging.redeemUnsubscribe(forged)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
