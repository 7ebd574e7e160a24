import type { CallContext, JournalEntry, RecordInput } from '@rapport/core';
import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DAY = 86_400_000;
const T0 = Date.parse('2026-05-01T09:00:00Z');
const DEAL = '01890a5d-ac96-774b-bcce-b302099a8057';

describe('timeline', () => {
  let env: TestCrm<[]>;
  let org: OrgFixture;
  let alice: CallContext;
  /** A customer with a varied history, recorded once for the filter tests. */
  let customer: string;

  beforeAll(async () => {
    env = await createTestCrm();
    org = await seedOrganisation(env.crm);
    alice = org.as(org.alice);
    customer = await newCustomer('Filtered');
    const on = (
      partyId: string,
      day: number,
      input: Omit<RecordInput, 'parties' | 'occurredAt'>,
    ): RecordInput => ({
      ...input,
      parties: [{ partyId }],
      occurredAt: new Date(T0 + day * DAY),
    });
    await env.crm.services.journal.recordMany(alice, [
      on(customer, 0, { type: 'call_outgoing', notes: 'asked about solar panels' }),
      on(customer, 1, {
        type: 'email',
        direction: 'outbound',
        notes: 'sent the brochure',
        data: { subject: 'Brochure' },
      }),
      on(customer, 3, {
        type: 'deal',
        data: { title: 'Roof' },
        subject: { type: 'deal', id: DEAL },
        notes: 'deal opened',
      }),
      on(customer, 4, {
        type: 'sale',
        amount: '9000',
        currency: 'EUR',
        subject: { type: 'deal', id: DEAL },
        notes: 'sold the solar roof',
      }),
      on(customer, 5, { type: 'call_incoming', notes: 'complaint about delivery' }),
    ]);
    // Only the employee, their manager or an administrator records an entry in an employee's name.
    await env.crm.services.journal.record(
      org.as(org.northManager),
      on(customer, 2, { type: 'meeting', notes: 'met at the fair', employeeId: org.bob.id }),
    );
  });
  afterAll(() => env?.close());

  async function newCustomer(name: string, input: Record<string, unknown> = {}): Promise<string> {
    return (
      await env.crm.services.parties.create(alice, { kind: 'person', familyName: name, ...input } as never)
    ).party.id;
  }
  const notesOf = (items: JournalEntry[]) => items.map((e) => e.notes);
  const timeline = (
    partyId: string,
    options: Parameters<typeof env.crm.services.timeline.timeline>[2] = {},
  ) => env.crm.services.timeline.timeline(alice, partyId, options);

  it('lists a party’s entries newest first', async () => {
    expect(notesOf((await timeline(customer)).items)).toEqual([
      'complaint about delivery',
      'sold the solar roof',
      'deal opened',
      'met at the fair',
      'sent the brochure',
      'asked about solar panels',
    ]);
  });

  it('filters by activity types', async () => {
    const page = await timeline(customer, { types: ['call_outgoing', 'call_incoming'] });
    expect(notesOf(page.items)).toEqual(['complaint about delivery', 'asked about solar panels']);
  });

  it('filters by a period: from inclusive, to exclusive', async () => {
    const page = await timeline(customer, { from: new Date(T0 + DAY), to: new Date(T0 + 3 * DAY) });
    expect(notesOf(page.items)).toEqual(['met at the fair', 'sent the brochure']);
  });

  it('filters by the employee who did it', async () => {
    expect(notesOf((await timeline(customer, { employeeId: org.bob.id })).items)).toEqual([
      'met at the fair',
    ]);
  });

  it('filters by subject', async () => {
    const page = await timeline(customer, { subject: { type: 'deal', id: DEAL } });
    expect(notesOf(page.items)).toEqual(['sold the solar roof', 'deal opened']);
  });

  it('searches the notes', async () => {
    expect(notesOf((await timeline(customer, { search: 'solar' })).items)).toEqual([
      'sold the solar roof',
      'asked about solar panels',
    ]);
    expect(notesOf((await timeline(customer, { search: 'solar -roof' })).items)).toEqual([
      'asked about solar panels',
    ]);
  });

  it('combines filters', async () => {
    const page = await timeline(customer, { search: 'solar', types: ['sale'], from: new Date(T0 + 4 * DAY) });
    expect(notesOf(page.items)).toEqual(['sold the solar roof']);
  });

  it('shows the corrected view by default and every version with trail', async () => {
    const partyId = await newCustomer('Corrected');
    const { entry } = await env.crm.services.journal.record(alice, {
      type: 'visit',
      parties: [{ partyId }],
      notes: 'v1',
      occurredAt: new Date(T0),
    });
    const amended = await env.crm.services.journal.amend(alice, entry.id, { notes: 'v2', reason: 'typo' });
    const { entry: other } = await env.crm.services.journal.record(alice, {
      type: 'visit',
      parties: [{ partyId }],
      notes: 'other',
      occurredAt: new Date(T0 + DAY),
    });
    const voided = await env.crm.services.journal.void(alice, other.id, 'wrong customer');
    expect(notesOf((await timeline(partyId)).items)).toEqual(['v2']);
    const trail = (await timeline(partyId, { trail: true })).items;
    expect(trail.map((e) => e.id).sort()).toEqual([entry.id, amended.id, other.id, voided.id].sort());
    expect(trail.find((e) => e.id === entry.id)!.supersededBy).toBe(amended.id);
    expect(trail.find((e) => e.id === voided.id)!.corrects).toEqual({
      id: other.id,
      kind: 'void',
      reason: 'wrong customer',
    });
  });

  it('includes the entries of an organisation’s contact persons and of people who work at it on request', async () => {
    const company = (
      await env.crm.services.parties.create(alice, { kind: 'organization', organizationName: 'Related GmbH' })
    ).party.id;
    const contact = await newCustomer('Contact', {
      roles: [{ role: 'contact_person', organizationId: company }],
    });
    const worker = await newCustomer('Worker');
    const stranger = await newCustomer('Stranger');
    await env.crm.services.relationships.relate(alice, { type: 'works_at', fromId: worker, toId: company });
    const record = (partyIds: string[], notes: string, day: number) =>
      env.crm.services.journal.record(alice, {
        type: 'meeting',
        parties: partyIds.map((partyId) => ({ partyId })),
        notes,
        occurredAt: new Date(T0 + day * DAY),
      });
    await record([company], 'with the company', 0);
    await record([contact], 'with the contact person', 1);
    await record([worker], 'with the worker', 2);
    await record([stranger], 'with a stranger', 3);
    await record([company, contact], 'with both', 4);
    expect(notesOf((await timeline(company)).items)).toEqual(['with both', 'with the company']);
    expect(notesOf((await timeline(company, { includeRelated: true })).items)).toEqual([
      'with both',
      'with the worker',
      'with the contact person',
      'with the company',
    ]);
  });

  it('pages without gaps or repeats when many entries share the same time', async () => {
    const partyId = await newCustomer('Same time');
    const same = new Date(T0 + 10 * DAY);
    const inputs: RecordInput[] = Array.from({ length: 130 }, (_, i) => ({
      type: 'visit',
      parties: [{ partyId }],
      // Most at one instant; a few before and after it, so pages cross the ties.
      occurredAt:
        i < 10
          ? new Date(same.getTime() - (i + 1) * 1000)
          : i < 20
            ? new Date(same.getTime() + (i - 9) * 1000)
            : same,
      notes: `visit ${i}`,
    }));
    const recorded = (await env.crm.services.journal.recordMany(alice, inputs)).map((r) => r.entry);
    const expected = [...recorded]
      .sort(
        (a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0),
      )
      .map((e) => e.id);
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await timeline(partyId, { limit: 17, ...(after ? { after } : {}) });
      seen.push(...page.items.map((e) => e.id));
      after = page.nextCursor ?? undefined;
      pages += 1;
    } while (after);
    expect(pages).toBe(Math.ceil(130 / 17));
    expect(seen).toEqual(expected);
  });

  it('links an entry to its parties at the instant it occurred, also when that instant is now', async () => {
    const partyId = await newCustomer('Now');
    await env.crm.services.journal.recordMany(
      alice,
      Array.from({ length: 20 }, () => ({ type: 'visit', parties: [{ partyId }] })),
    );
    const [row] = await env.crm.transaction(org.system, (tx) =>
      tx.sql<{ links: number; differing: number }>(
        `select count(*)::int as links, count(*) filter (where l.occurred_at <> e.occurred_at)::int as differing
         from core_journal_party l join core_journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
         where l.tenant_id = $1 and l.party_id = $2`,
        [tx.tenantId, partyId],
      ),
    );
    expect(row).toEqual({ links: 20, differing: 0 });
  });

  it('gives no next cursor on the last page', async () => {
    const page = await timeline(customer, { limit: 6 });
    expect(page.items).toHaveLength(6);
    expect(page.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not make', async () => {
    await expect(timeline(customer, { after: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [{ path: 'after' }] },
    });
  });
});
