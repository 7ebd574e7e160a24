import { f } from '@rapport/core';
import { drainJobs } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postTestCrm } from './http-channel.js';

interface MessageState {
  id: string;
  address: string;
  status: string;
  attempts: number;
  claim_id: string | null;
  claimed_at: string | null;
  journal_entry_id: string | null;
  attempt_rows: number;
  journal_entries: number;
}

describe('a dispatcher run whose recording fails', () => {
  // Chunks of two: the mailing below is four chunks.
  let env: Awaited<ReturnType<typeof postTestCrm>>;
  beforeAll(async () => {
    env = await postTestCrm({ batchSize: 2 });
  });
  afterAll(() => env?.close());

  /** The mailing's messages in the order the dispatcher claims them (due time, then id). */
  const messagesOf = (mailingId: string) =>
    env.database.adminQuery<MessageState>(
      `select m.id, m.address, m.status, m.attempts, m.claim_id, m.claimed_at, m.journal_entry_id,
         (select count(*)::int from messaging_message_attempt a
          where a.tenant_id = m.tenant_id and a.message_id = m.id) as attempt_rows,
         (select count(*)::int from core_journal_entry j
          where j.tenant_id = m.tenant_id and j.external_id = 'message:' || m.id) as journal_entries
       from messaging_message m where m.mailing_id = $1 order by m.next_attempt_at, m.id`,
      [mailingId],
    );

  it('puts the chunk claimed ahead back in the queue untouched, and a later run sends it once', async () => {
    for (let i = 0; i < 8; i++) await env.party(`release${i}`, ['release']);
    const { mailing } = await env.crm.services.messaging.sendToSegment(env.org.system, {
      channel: 'post',
      template: 'hello',
      filter: f.tag('release'),
      data: { who: 'all' },
    });
    const before = await messagesOf(mailing.id);
    expect(before).toHaveLength(8);
    // The recording of the first chunk fails for real: the database refuses its first message's outcome.
    await env.database.adminQuery(
      `create function test_refuse_outcome() returns trigger language plpgsql as $$
       begin raise exception 'outcome of % refused by the test', old.id; end $$`,
    );
    await env.database.adminQuery(
      `create trigger test_refuse_outcome before update on messaging_message for each row
       when (old.id = '${before[0]!.id}' and old.status = 'sending' and new.status <> 'sending')
       execute function test_refuse_outcome()`,
    );

    const run = await drainJobs(env.crm, { names: ['messaging.dispatch'] });
    expect(run.failed).toEqual([
      expect.objectContaining({
        name: 'messaging.dispatch',
        error: expect.objectContaining({ message: expect.stringContaining('refused by the test') }),
      }),
    ]);
    const after = await messagesOf(mailing.id);
    // Chunks 1 and 2 went out (their outcomes unrecorded: their claims time out to `unknown`);
    // chunk 3 had been claimed ahead while chunk 2 was sending, and is back in the queue as it was.
    expect(after.map((m) => m.status)).toEqual([
      'sending',
      'sending',
      'sending',
      'sending',
      'queued',
      'queued',
      'queued',
      'queued',
    ]);
    for (const m of after.slice(4)) {
      expect(m).toMatchObject({
        attempts: 0,
        claim_id: null,
        claimed_at: null,
        journal_entry_id: null,
        attempt_rows: 0,
        journal_entries: 0,
      });
    }
    const received = () => env.provider.received.map((r) => r.to).sort();
    expect(received()).toEqual(
      before
        .slice(0, 4)
        .map((m) => m.address)
        .sort(),
    );

    await env.database.adminQuery('drop trigger test_refuse_outcome on messaging_message');
    // The claims of the chunks that went out unrecorded are aged past the channel's claim timeout
    // (60 s), as if the retry came later: they become `unknown` and the mailing can complete.
    await env.database.adminQuery(
      `update messaging_message set claimed_at = now() - interval '10 minutes'
       where mailing_id = $1 and status = 'sending'`,
      [mailing.id],
    );
    const retry = await drainJobs(env.crm, { names: ['messaging.dispatch'], delayed: true });
    expect(retry.failed).toEqual([]);
    // Every recipient received the mail exactly once: the released chunk and the last one now.
    expect(received()).toEqual(before.map((m) => m.address).sort());
    const final = await messagesOf(mailing.id);
    expect(final.map((m) => m.status)).toEqual([
      'unknown',
      'unknown',
      'unknown',
      'unknown',
      'sent',
      'sent',
      'sent',
      'sent',
    ]);
    for (const m of final.slice(4)) {
      expect(m).toMatchObject({ attempts: 1, attempt_rows: 1, journal_entries: 1 });
    }
    expect((await env.crm.services.messaging.progress(env.org.system, mailing.id)).mailing.status).toBe(
      'completed',
    );
  });
});
