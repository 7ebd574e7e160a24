import { type CallContext, f } from '@rapport/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../src/testing/index.js';
import * as fixture from './fixture.js';
import { addCustomer, type EmailCrm, settledMailing } from './fixture.js';

/**
 * Direct mail records a whole chunk's outcomes in a few set-based statements, and claims the next
 * chunk while one is being sent: mixed outcomes spread over several chunks must still give every
 * message exactly its status, its attempt rows and one journal entry.
 */
describe('direct mail with mixed outcomes over several chunks', () => {
  let server: TestSmtpServer;
  let env: Awaited<ReturnType<typeof fixture.emailEnv>>;
  let crm: EmailCrm;
  let ctx: CallContext;

  beforeAll(async () => {
    server = await startSmtpServer();
    // Chunks of 3 (batchSize), so the 12 recipients span four chunks and their retries more.
    env = await fixture.emailEnv(server, { rate: 1000, batchSize: 3 });
    ({ crm, ctx } = env);
    crm.services.templates.register({
      kind: 'email',
      name: 'mixed',
      parts: { subject: 'Hello {{name party "informal"}}', text: 'Hi. Unsubscribe: {{unsubscribeUrl}}' },
    });
  });
  afterAll(async () => {
    await env?.close();
    await server?.close();
  });

  it('writes exactly the statuses, attempt rows, journal entries and invalid addresses of each outcome', async () => {
    // ok-*: accepted; gone-*: 550 (bounced, address invalid); busy-*: 451 once, then accepted;
    // full-*: 452 every time (failed after the 3 configured attempts).
    server.decide((rcpt, attempt) => {
      if (rcpt.startsWith('gone-')) return { code: 550, message: '5.1.1 No such user' };
      if (rcpt.startsWith('busy-') && attempt === 1) return { code: 451, message: '4.3.0 Try again later' };
      if (rcpt.startsWith('full-')) return { code: 452, message: '4.2.2 Mailbox full' };
      return 'accept';
    });
    const kinds = ['ok', 'gone', 'busy', 'full'] as const;
    const parties = new Map<string, string>();
    for (let i = 0; i < 3; i++) {
      for (const kind of kinds) {
        const email = `${kind}-${i}@mixed.test`;
        const party = await addCustomer(crm, ctx, { givenName: `${kind}${i}`, email, tags: ['mixed'] });
        parties.set(email, party.id);
      }
    }
    const started = await crm.services.messaging.sendToSegment(ctx, {
      channel: 'email',
      template: 'mixed',
      filter: f.tag('mixed'),
    });
    const progress = await settledMailing(crm, ctx, started.mailing.id);
    expect(progress.total).toBe(12);
    expect(progress.byStatus).toMatchObject({ sent: 6, bounced: 3, failed: 3, queued: 0, sending: 0 });

    const rows = await crm.transaction(ctx, (tx) =>
      tx.sql<{
        address: string;
        status: string;
        attempts: number;
        outcomes: string[];
        entries: number;
        entry_status: string | null;
        linked: boolean;
        invalid: boolean;
      }>(
        `select m.address, m.status, m.attempts,
           (select array_agg(a.outcome order by a.attempt) from messaging_message_attempt a
             where a.tenant_id = m.tenant_id and a.message_id = m.id) as outcomes,
           (select count(*)::int from core_journal_entry e
             where e.tenant_id = m.tenant_id and e.external_id = 'message:' || m.id) as entries,
           (select e.data->>'status' from core_journal_entry e
             where e.tenant_id = m.tenant_id and e.id = m.journal_entry_id) as entry_status,
           exists (select 1 from core_journal_party l where l.tenant_id = m.tenant_id
             and l.entry_id = m.journal_entry_id and l.party_id = m.party_id) as linked,
           (cp.invalid_at is not null) as invalid
         from messaging_message m join core_contact_point cp on cp.tenant_id = m.tenant_id and cp.id = m.contact_point_id
         where m.tenant_id = $1 and m.mailing_id = $2 order by m.address`,
        [ctx.tenantId, started.mailing.id],
      ),
    );
    const expected = {
      ok: { status: 'sent', attempts: 1, outcomes: ['sent'], invalid: false },
      gone: { status: 'bounced', attempts: 1, outcomes: ['permanent'], invalid: true },
      busy: { status: 'sent', attempts: 2, outcomes: ['transient', 'sent'], invalid: false },
      full: {
        status: 'failed',
        attempts: 3,
        outcomes: ['transient', 'transient', 'transient'],
        invalid: false,
      },
    };
    expect(rows).toHaveLength(12);
    for (const row of rows) {
      const kind = row.address.split('-')[0] as keyof typeof expected;
      expect(row).toEqual({
        address: row.address,
        ...expected[kind],
        entries: 1,
        entry_status: expected[kind].status,
        linked: true,
      });
    }
    // Sent ones arrived once each; refused ones were never accepted.
    for (const [email] of parties) {
      const received = server.to(email).length;
      expect({ email, received }).toEqual({
        email,
        received: email.startsWith('ok-') || email.startsWith('busy-') ? 1 : 0,
      });
    }
    const attemptRows = await crm.transaction(ctx, (tx) =>
      tx.sql<{ n: number }>(
        `select count(*)::int as n from messaging_message_attempt a join messaging_message m
           on m.tenant_id = a.tenant_id and m.id = a.message_id where m.tenant_id = $1 and m.mailing_id = $2`,
        [ctx.tenantId, started.mailing.id],
      ),
    );
    expect(attemptRows[0]!.n).toBe(3 * 1 + 3 * 1 + 3 * 2 + 3 * 3);
  });
});
