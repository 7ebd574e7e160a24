import {
  type CallContext,
  definePlugin,
  type JournalEntry,
  RapportError,
  VetoError,
} from '@rapport/core/plugin';
import { createTestCrm, drainJobs, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loyaltyPlugin, pointsOf } from './fixtures/journal-plugin.js';

/** Entries the after-commit tap has seen, and the markers that make the in-transaction taps fail. */
const committed: JournalEntry[] = [];
/** What `activityRecorded` saw of corrections: the corrected entry's amount and whether it was already superseded. */
const corrections: Array<{ amount: string | null; supersededBy: string | null; by: string }> = [];
const probe = definePlugin({
  name: 'journal-probe',
  version: '1.0.0',
  setup(api) {
    api.tap('beforeActivityRecord', async (entry) => {
      if (entry.notes === 'veto me') throw new VetoError('vetoed by the probe');
      if (entry.notes === 'shout') return { ...entry, notes: 'SHOUT' };
      return entry;
    });
    api.tap('activityRecorded', async (entry) => {
      if (entry.notes === 'fail after recording') throw new Error('the probe failed');
      if (entry.corrected)
        corrections.push({
          amount: entry.corrected.amount,
          supersededBy: entry.corrected.supersededBy,
          by: entry.id,
        });
    });
    api.tap('activityCommitted', async (entry) => {
      committed.push(entry);
    });
  },
});

describe('journal hooks and idempotency', () => {
  let env: TestCrm<[typeof loyaltyPlugin, typeof probe]>;
  let org: OrgFixture;
  let alice: CallContext;
  let customer: string;

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [loyaltyPlugin, probe] });
    org = await seedOrganisation(env.crm);
    alice = org.as(org.alice);
    customer = (await env.crm.services.parties.create(alice, { kind: 'person', familyName: 'Hooked' })).party
      .id;
  });
  afterAll(() => env?.close());

  /** What the database holds for entries with these notes: entries, party links, and journal jobs. */
  const traces = async (notes: string) =>
    env.crm.transaction(org.system, async (tx) => {
      const [row] = await tx.sql<{ entries: number; links: number }>(
        `select count(*)::int as entries,
           (select count(*)::int from core_journal_party l join core_journal_entry e
              on e.tenant_id = l.tenant_id and e.id = l.entry_id where e.tenant_id = $1 and e.notes = $2) as links
         from core_journal_entry where tenant_id = $1 and notes = $2`,
        [tx.tenantId, notes],
      );
      return row!;
    });
  const jobCount = async () =>
    (await env.crm.listJobs('core.journal.committed')).length +
    (await env.crm.listJobs('core.journal.reminder')).length;

  it('records one entry when ten transactions record the same external id at once', async () => {
    const input = {
      type: 'email',
      direction: 'inbound',
      parties: [{ partyId: customer }],
      externalId: 'mail-<concurrent@example>',
      data: { subject: 'Order' },
    } as const;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => env.crm.services.journal.record(alice, input)),
    );
    expect(new Set(results.map((r) => r.entry.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const [row] = await env.crm.transaction(org.system, (tx) =>
      tx.sql<{ entries: number; links: number }>(
        `select count(*)::int as entries, (select count(*)::int from core_journal_party where entry_id = $2) as links
         from core_journal_entry where external_id = $1`,
        [input.externalId, results[0]!.entry.id],
      ),
    );
    expect(row).toEqual({ entries: 1, links: 1 });
  });

  it('returns the existing entry, not created, when an external id is recorded again later', async () => {
    const input = { type: 'visit', parties: [{ partyId: customer }], externalId: 'visit-again' } as const;
    const first = await env.crm.services.journal.record(alice, input);
    const again = await env.crm.services.journal.record(alice, { ...input, notes: 'different notes' });
    expect(again).toEqual({ entry: first.entry, created: false });
  });

  it('records one entry for an external id given twice in one recordMany batch', async () => {
    const results = await env.crm.services.journal.recordMany(alice, [
      {
        type: 'sms',
        direction: 'outbound',
        parties: [{ partyId: customer }],
        externalId: 'sms-dup',
        data: { text: 'a' },
      },
      { type: 'visit', parties: [{ partyId: customer }], notes: 'between the twins' },
      {
        type: 'sms',
        direction: 'outbound',
        parties: [{ partyId: customer }],
        externalId: 'sms-dup',
        data: { text: 'b' },
      },
    ]);
    expect(results.map((r) => r.created)).toEqual([true, true, false]);
    expect(results[2]!.entry).toEqual(results[0]!.entry);
    expect(results[0]!.entry.data).toEqual({ text: 'a' });
    expect(results[1]!.entry.notes).toBe('between the twins');
  });

  it('transforms an entry through beforeActivityRecord', async () => {
    const { entry } = await env.crm.services.journal.record(alice, {
      type: 'visit',
      parties: [{ partyId: customer }],
      notes: 'shout',
    });
    expect(entry.notes).toBe('SHOUT');
  });

  it('rolls back everything when beforeActivityRecord vetoes: no entry, no party link, no job', async () => {
    const jobs = await jobCount();
    const error = await env.crm.services.journal
      .record(alice, {
        type: 'task',
        status: 'planned',
        dueAt: new Date(Date.now() + 60_000),
        remindMinutesBefore: 5,
        parties: [{ partyId: customer }],
        notes: 'veto me',
        data: { title: 'vetoed' },
      })
      .catch((e: unknown) => e);
    expect(RapportError.is(error, 'VETOED')).toBe(true);
    expect(await traces('veto me')).toEqual({ entries: 0, links: 0 });
    expect(await jobCount()).toBe(jobs);
  });

  it('rolls back the whole batch when one entry of recordMany is vetoed', async () => {
    await expect(
      env.crm.services.journal.recordMany(alice, [
        { type: 'visit', parties: [{ partyId: customer }], notes: 'batch survivor?' },
        { type: 'visit', parties: [{ partyId: customer }], notes: 'veto me' },
      ]),
    ).rejects.toMatchObject({ code: 'VETOED' });
    expect(await traces('batch survivor?')).toEqual({ entries: 0, links: 0 });
  });

  it('rolls back everything when an activityRecorded tap fails: no entry, no party link, no job, no points', async () => {
    const jobs = await jobCount();
    const points = await env.crm.transaction(alice, (tx) => pointsOf(tx, customer));
    await expect(
      env.crm.services.journal.recordMany(alice, [
        {
          type: 'sale',
          amount: '40',
          currency: 'EUR',
          parties: [{ partyId: customer }],
          notes: 'sold first',
        },
        {
          type: 'task',
          status: 'planned',
          dueAt: new Date(Date.now() + 60_000),
          remindMinutesBefore: 5,
          parties: [{ partyId: customer }],
          notes: 'planned second',
          data: { title: 'doomed' },
        },
        { type: 'visit', parties: [{ partyId: customer }], notes: 'fail after recording' },
      ]),
    ).rejects.toThrow('the probe failed');
    for (const notes of ['sold first', 'planned second', 'fail after recording']) {
      expect(await traces(notes)).toEqual({ entries: 0, links: 0 });
    }
    expect(await jobCount()).toBe(jobs);
    expect(await env.crm.transaction(alice, (tx) => pointsOf(tx, customer))).toBe(points);
  });

  it('runs activityRecorded in the recording transaction: a plugin keeps loyalty points per sale', async () => {
    const { party } = await env.crm.services.parties.create(alice, { kind: 'person', familyName: 'Loyal' });
    await env.crm.services.journal.record(alice, {
      type: 'sale',
      amount: '99.99',
      currency: 'EUR',
      parties: [{ partyId: party.id }],
    });
    await env.crm.services.journal.record(alice, {
      type: 'sale',
      amount: '10',
      currency: 'EUR',
      parties: [{ partyId: party.id }],
    });
    await env.crm.services.journal.record(alice, { type: 'visit', parties: [{ partyId: party.id }] });
    expect(await env.crm.transaction(alice, (tx) => pointsOf(tx, party.id))).toBe(109);
  });

  it('hands corrections to activityRecorded too: the plugin re-counts points when a sale is amended or voided', async () => {
    const { party } = await env.crm.services.parties.create(alice, {
      kind: 'person',
      familyName: 'Corrected',
    });
    const points = () => env.crm.transaction(alice, (tx) => pointsOf(tx, party.id));
    const { entry } = await env.crm.services.journal.record(alice, {
      type: 'sale',
      amount: '100',
      currency: 'EUR',
      parties: [{ partyId: party.id }],
    });
    const amended = await env.crm.services.journal.amend(alice, entry.id, {
      amount: '120',
      reason: 'price was wrong',
    });
    expect(await points()).toBe(120);
    const voided = await env.crm.services.journal.void(alice, amended.id, 'returned');
    expect(await points()).toBe(0);
    // The taps got each corrected entry, already marked as replaced by the correction.
    expect(corrections.slice(-2)).toEqual([
      { amount: '100.00', supersededBy: amended.id, by: amended.id },
      { amount: '120.00', supersededBy: voided.id, by: voided.id },
    ]);
  });

  it('rolls a plugin’s in-transaction writes back with the entry', async () => {
    const { party } = await env.crm.services.parties.create(alice, { kind: 'person', familyName: 'Unlucky' });
    const outcome = await env.crm
      .transaction(alice, async (tx) => {
        await env.crm.services.journal.record(tx, {
          type: 'sale',
          amount: '500',
          currency: 'EUR',
          parties: [{ partyId: party.id }],
        });
        expect(await pointsOf(tx, party.id)).toBe(500);
        throw new RapportError('CONFLICT', 'the caller changed its mind');
      })
      .catch((e: unknown) => e);
    expect(RapportError.is(outcome, 'CONFLICT')).toBe(true);
    expect(await env.crm.transaction(alice, (tx) => pointsOf(tx, party.id))).toBe(0);
    expect((await env.crm.services.timeline.timeline(alice, party.id)).items).toEqual([]);
  });

  it('runs activityCommitted after commit through the durable queue, never for a rolled-back entry', async () => {
    let rolledBack: string | undefined;
    await env.crm
      .transaction(alice, async (tx) => {
        rolledBack = (
          await env.crm.services.journal.record(tx, {
            type: 'visit',
            parties: [{ partyId: customer }],
            notes: 'rolled back',
          })
        ).entry.id;
        throw new RapportError('CONFLICT', 'roll it back');
      })
      .catch(() => undefined);
    const { entry } = await env.crm.services.journal.record(alice, {
      type: 'visit',
      parties: [{ partyId: customer }],
      notes: 'committed',
    });
    expect(committed.map((e) => e.id)).not.toContain(entry.id);
    await drainJobs(env.crm, { names: ['core.journal.committed'] });
    expect(committed.map((e) => e.id)).toContain(entry.id);
    expect(committed.find((e) => e.id === entry.id)).toEqual(entry);
    const jobs = await env.crm.listJobs('core.journal.committed');
    expect(jobs.map((j) => (j.data as { entryId: string }).entryId)).not.toContain(rolledBack);
    expect(committed.map((e) => e.id)).not.toContain(rolledBack);
  });
});

describe('activityCommitted end to end', () => {
  it('runs through the real pg-boss worker after the command committed', async () => {
    await using worked = await createTestCrm({ plugins: [loyaltyPlugin, probe], jobs: { workers: true } });
    const org = await seedOrganisation(worked.crm, 'Worked');
    const alice = org.as(org.alice);
    const { party } = await worked.crm.services.parties.create(alice, {
      kind: 'person',
      familyName: 'Worked',
    });
    const { entry } = await worked.crm.services.journal.record(alice, {
      type: 'visit',
      parties: [{ partyId: party.id }],
      notes: 'through the worker',
    });
    await expect.poll(() => committed.map((e) => e.id), { timeout: 15_000 }).toContain(entry.id);
  });
});
