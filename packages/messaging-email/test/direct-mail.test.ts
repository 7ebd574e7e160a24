import { type CallContext, f, RapportError } from '@rapport/core';
import { drainJobs } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from '../src/testing/index.js';
import * as fixture from './fixture.js';
import { addCustomer, type EmailCrm, journalRowsOf, settledMailing } from './fixture.js';

/** A header as sent (mailparser turns `List-*` headers into objects; the raw line is what a client reads). */
const rawHeader = (mail: ReceivedMail, name: string): string | undefined => {
  const line = mail.parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line
    ?.slice(line.indexOf(':') + 1)
    .replace(/\r?\n\s+/g, ' ')
    .trim();
};

const tokenOf = (header: unknown) => {
  const match = /token=([0-9a-f]+)/.exec(String(header));
  if (!match) throw new Error(`no token in ${String(header)}`);
  return match[1]!;
};

describe('direct mail to a segment', () => {
  let server: TestSmtpServer;
  let env: Awaited<ReturnType<typeof fixture.emailEnv>>;
  let crm: EmailCrm;
  let ctx: CallContext;

  beforeAll(async () => {
    server = await startSmtpServer();
    env = await fixture.emailEnv(server, { rate: 200 });
    ({ crm, ctx } = env);
    crm.services.templates.register({
      kind: 'email',
      name: 'spring',
      parts: {
        subject: 'Spring offer for {{name party "informal"}}',
        html: '<p>Dear {{name party}}, {{discount}} off. <a href="{{unsubscribeUrl}}">Unsubscribe</a></p>',
      },
    });
  });
  afterAll(async () => {
    await env?.close();
    await server?.close();
  });

  it('resolves recipients at send time, skips and counts those it may not send to, and sends each of the others once', async () => {
    const tags = ['newsletter'];
    const ok = await Promise.all(
      ['Anna', 'Ben', 'Cleo', 'Dan', 'Eva'].map((givenName) =>
        addCustomer(crm, ctx, { givenName, email: `${givenName.toLowerCase()}@dm.test`, tags }),
      ),
    );
    await addCustomer(crm, ctx, { givenName: 'Otto', email: 'otto@dm.test', tags, consent: 'opted_out' });
    await addCustomer(crm, ctx, { givenName: 'Quiet', email: 'quiet@dm.test', tags, consent: null });
    await addCustomer(crm, ctx, { givenName: 'Nomail', tags });
    const invalid = await addCustomer(crm, ctx, { givenName: 'Ivan', email: 'ivan@dm.test', tags });
    await crm.services.contactPoints.markInvalid(ctx, invalid.contactPoints[0]!.id, 'hard bounce');
    await addCustomer(crm, ctx, { givenName: 'Outsider', email: 'outsider@dm.test', tags: ['other'] });

    const started = await crm.services.messaging.sendToSegment(ctx, {
      channel: 'email',
      template: 'spring',
      filter: f.tag('newsletter'),
      data: { discount: '15%' },
    });
    expect(started.total).toBe(9);
    expect(started.byStatus.queued).toBe(5);
    expect(started.byStatus.skipped).toBe(4);
    expect(started.skipped).toEqual({
      no_address: 1,
      invalid_address: 1,
      opted_out: 1,
      no_consent: 1,
      cancelled: 0,
      erased: 0,
    });
    expect(started.mailing.rate).toBe(200);

    const done = await settledMailing(crm, ctx, started.mailing.id);
    expect(done.byStatus.sent).toBe(5);
    expect(done.mailing.status).toBe('completed');
    expect(server.received.filter((m) => m.to[0]!.endsWith('@dm.test'))).toHaveLength(5);
    for (const party of ok) {
      const [mail, ...more] = server.to(party.contactPoints[0]!.value);
      expect(more).toEqual([]);
      expect(mail!.parsed.subject).toBe(`Spring offer for ${party.givenName}`);
      const header = rawHeader(mail!, 'List-Unsubscribe');
      expect(String(header)).toMatch(/^<https:\/\/crm\.test\/unsubscribe\?token=[0-9a-f]{96}>$/);
      expect(rawHeader(mail!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
      // The same link is in the body (HTML-escaped there: `=` is written `&#x3D;`).
      expect(mail!.parsed.html).toContain(
        `href="https://crm.test/unsubscribe?token&#x3D;${tokenOf(header)}"`,
      );
    }
    expect(server.to('otto@dm.test')).toHaveLength(0);
    expect(server.to('ivan@dm.test')).toHaveLength(0);
    const messages = await crm.services.messaging.forParty(ctx, ok[0]!.id);
    expect(messages).toHaveLength(1);
    expect(await journalRowsOf(crm, ctx, messages[0]!.id)).toHaveLength(1);
  });

  it('redeeming the unsubscribe token opts the party out once, and later mail skips them', async () => {
    const zoe = await addCustomer(crm, ctx, { givenName: 'Zoe', email: 'zoe@dm.test', tags: ['vip'] });
    const first = await crm.services.messaging.sendToSegment(ctx, {
      channel: 'email',
      template: 'spring',
      filter: f.tag('vip'),
      data: { discount: '5%' },
    });
    await settledMailing(crm, ctx, first.mailing.id);
    const token = tokenOf(rawHeader(server.to('zoe@dm.test')[0]!, 'List-Unsubscribe'));

    const redeemed = await crm.services.messaging.redeemUnsubscribe(token);
    expect(redeemed).toEqual({
      tenantId: ctx.tenantId,
      partyId: zoe.id,
      channel: 'email',
      alreadyOptedOut: false,
    });
    expect(await crm.services.contactPoints.consentStatus(ctx, zoe.id, 'email')).toBe('opted_out');
    const again = await crm.services.messaging.redeemUnsubscribe(token);
    expect(again.alreadyOptedOut).toBe(true);
    const trail = await crm.transaction(ctx, (tx) =>
      tx.sql<{ status: string; source: string }>(
        "select status, source from core_consent where tenant_id = $1 and party_id = $2 and channel = 'email' order by at, id",
        [ctx.tenantId, zoe.id],
      ),
    );
    expect(trail.map((t) => t.status)).toEqual(['opted_in', 'opted_out']);

    const second = await crm.services.messaging.sendToSegment(ctx, {
      channel: 'email',
      template: 'spring',
      filter: f.tag('vip'),
      data: { discount: '5%' },
    });
    expect(second.skipped.opted_out).toBe(1);
    expect(second.byStatus.queued).toBe(0);
    await expect(
      crm.services.messaging.send(ctx, {
        channel: 'email',
        partyId: zoe.id,
        template: 'spring',
        data: { discount: '1%' },
      }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED', details: { reason: 'opted_out' } });
  });

  it('refuses a token that is malformed or unknown, naming the field', async () => {
    await expect(crm.services.messaging.redeemUnsubscribe('not-a-token')).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'token' })] },
    });
    const unknown = ctx.tenantId.replaceAll('-', '') + '0'.repeat(64);
    await expect(crm.services.messaging.redeemUnsubscribe(unknown)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('fails at send time on a variable missing from the data, and writes no mailing', async () => {
    await addCustomer(crm, ctx, { givenName: 'Mo', email: 'mo@dm.test', tags: ['missing'] });
    const error = await crm.services.messaging
      .sendToSegment(ctx, { channel: 'email', template: 'spring', filter: f.tag('missing'), data: {} })
      .catch((e: unknown) => e);
    expect(RapportError.is(error, 'INVALID_DATA')).toBe(true);
    expect((error as RapportError).details.issues).toEqual([
      expect.objectContaining({ path: 'data.discount' }),
    ]);
    const mailings = await crm.transaction(ctx, (tx) =>
      tx.sql(
        "select id from messaging_mailing where tenant_id = $1 and template = 'spring' and data = '{}'::jsonb",
        [ctx.tenantId],
      ),
    );
    expect(mailings).toEqual([]);
  });

  it('cancelling a mailing skips what has not gone out; one that is over cannot be cancelled', async () => {
    const tags = ['cancel'];
    for (const givenName of ['Ca', 'Cb', 'Cc', 'Cd', 'Ce', 'Cf', 'Cg', 'Ch'])
      await addCustomer(crm, ctx, { givenName, email: `${givenName.toLowerCase()}@cancel.test`, tags });
    const started = await crm.services.messaging.sendToSegment(ctx, {
      channel: 'email',
      template: 'spring',
      filter: f.tag('cancel'),
      data: { discount: '2%' },
      rate: 2,
    });
    const received = () => server.received.filter((m) => m.to[0]!.endsWith('@cancel.test')).length;
    // The dispatcher paces itself (2 a second) while the jobs run: cancel once the first went out.
    const draining = drainJobs(crm, { delayed: true });
    await expect.poll(received, { timeout: 15_000, interval: 50 }).toBeGreaterThan(0);
    const cancelled = await crm.services.messaging.cancel(ctx, started.mailing.id);
    expect(cancelled.mailing.status).toBe('cancelled');
    expect(cancelled.skipped.cancelled).toBeGreaterThan(0);
    await draining;
    const done = await settledMailing(crm, ctx, started.mailing.id);
    expect(done.byStatus.sent + done.skipped.cancelled).toBe(8);
    expect(received()).toBe(done.byStatus.sent);
    expect(done.mailing.status).toBe('cancelled');
    await expect(crm.services.messaging.cancel(ctx, started.mailing.id)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('takes a saved segment, and a rate of its own', async () => {
    await addCustomer(crm, ctx, { givenName: 'Saved', email: 'saved@dm.test', tags: ['saved'] });
    const segment = await crm.services.segments.save(ctx, { name: 'Saved ones', filter: f.tag('saved') });
    const started = await crm.services.messaging.sendToSegment(ctx, {
      channel: 'email',
      template: 'spring',
      segmentId: segment.id,
      data: { discount: '1%' },
      rate: 3,
      name: 'Saved mailing',
    });
    expect(started.mailing).toMatchObject({ name: 'Saved mailing', rate: 3, segmentId: segment.id });
    const done = await settledMailing(crm, ctx, started.mailing.id);
    expect(done.byStatus.sent).toBe(1);
    expect(server.to('saved@dm.test')).toHaveLength(1);
  });

  it('records the filter as it was when sent: a later change of the segment changes neither the mailing nor its recipients', async () => {
    await addCustomer(crm, ctx, { givenName: 'Snap', email: 'snap@dm.test', tags: ['snapshot'] });
    await addCustomer(crm, ctx, { givenName: 'Later', email: 'later@dm.test', tags: ['later'] });
    const segment = await crm.services.segments.save(ctx, { name: 'Snapshot', filter: f.tag('snapshot') });
    const started = await crm.services.messaging.sendToSegment(ctx, {
      channel: 'email',
      template: 'spring',
      segmentId: segment.id,
      data: { discount: '2%' },
    });
    expect(started.mailing.filter).toEqual(f.tag('snapshot'));
    expect(started.total).toBe(1);
    await crm.services.segments.update(ctx, segment.id, { filter: f.tag('later') });
    const done = await settledMailing(crm, ctx, started.mailing.id);
    expect(done.mailing.filter).toEqual(f.tag('snapshot'));
    expect(done.total).toBe(1);
    expect(server.to('snap@dm.test')).toHaveLength(1);
    expect(server.to('later@dm.test')).toHaveLength(0);
  });
});

describe('direct mail sent by an agent', () => {
  it("reaches only the parties the agent may see (the segment is ANDed with the agent's visibility)", async () => {
    const server = await startSmtpServer();
    const env = await fixture.emailEnv(server, { rate: 500 });
    try {
      const { crm, ctx } = env;
      crm.services.templates.register({
        kind: 'email',
        name: 'hello',
        parts: { subject: 'Hello', text: 'Hi' },
      });
      const sales = await crm.services.departments.create(ctx, { name: 'Sales' });
      const support = await crm.services.departments.create(ctx, { name: 'Support' });
      const alice = await crm.services.employees.create(ctx, {
        name: 'Alice',
        departmentId: sales.id,
        role: 'agent',
      });
      const carol = await crm.services.employees.create(ctx, {
        name: 'Carol',
        departmentId: support.id,
        role: 'agent',
      });
      const tags = ['all'];
      await addCustomer(crm, ctx, { givenName: 'Mine', email: 'mine@agent.test', tags, ownerId: alice.id });
      await addCustomer(crm, ctx, {
        givenName: 'Theirs',
        email: 'theirs@agent.test',
        tags,
        ownerId: carol.id,
      });
      const asAlice = crm.context({ tenantId: ctx.tenantId, actor: { kind: 'employee', id: alice.id } });
      const started = await crm.services.messaging.sendToSegment(asAlice, {
        channel: 'email',
        template: 'hello',
        filter: f.tag('all'),
      });
      expect(started.total).toBe(1);
      expect(started.mailing.requestedBy).toBe(alice.id);
      await settledMailing(crm, ctx, started.mailing.id);
      expect(server.received.map((m) => m.to[0])).toEqual(['mine@agent.test']);
    } finally {
      await env.close();
      await server.close();
    }
  });
});
