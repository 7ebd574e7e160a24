import { RapportError } from '@rapport/core';
import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('activity journal', () => {
  let env: TestCrm<[]>;
  let org: OrgFixture;
  let customer: string;

  beforeAll(async () => {
    env = await createTestCrm();
    org = await seedOrganisation(env.crm);
    customer = (
      await env.crm.services.parties.create(org.as(org.alice), {
        kind: 'person',
        familyName: 'Journaled',
        roles: ['customer'],
      })
    ).party.id;
  });
  afterAll(() => env?.close());

  it('records a typed entry with the acting employee and its parties', async () => {
    const { entry, created } = await env.crm.services.journal.record(org.as(org.alice), {
      type: 'call_outgoing',
      parties: [{ partyId: customer }],
      durationSeconds: 300,
      outcome: 'interested',
      notes: 'Discussed the spring catalogue',
      data: { phone: '+4930123' },
    });
    expect(created).toBe(true);
    expect(entry).toMatchObject({
      type: 'call_outgoing',
      direction: 'outbound',
      employeeId: org.alice.id,
      parties: [{ partyId: customer, role: 'customer' }],
    });
  });

  it('keeps money exact', async () => {
    const { entry } = await env.crm.services.journal.record(org.as(org.alice), {
      type: 'sale',
      parties: [{ partyId: customer }],
      amount: '1234567.89',
      currency: 'eur',
      data: { invoiceNumber: 'INV-1' },
    });
    expect(entry).toMatchObject({ amount: '1234567.89', currency: 'EUR' });
  });

  it('refuses bad input with every field path and records nothing', async () => {
    const error = await env.crm.services.journal
      .record(org.as(org.alice), {
        type: 'sale',
        parties: [{ partyId: customer }],
        data: { items: [{ name: '', quantity: -1 }] },
      } as never)
      .catch((e: unknown) => e);
    expect(RapportError.is(error, 'INVALID_DATA')).toBe(true);
    const paths = ((error as RapportError).details.issues as { path: string }[]).map((i) => i.path).sort();
    expect(paths).toEqual(['amount', 'data.items.0.name', 'data.items.0.quantity']);
    await expect(
      env.crm.services.journal.record(org.as(org.alice), { type: 'nope', parties: [{ partyId: customer }] }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [{ path: 'type' }] },
    });
  });

  it('records one entry for the same external id, even concurrently', async () => {
    const input = {
      type: 'email',
      direction: 'outbound',
      parties: [{ partyId: customer }],
      externalId: 'msg-1',
      data: { subject: 'Hi' },
    } as const;
    const results = await Promise.all(
      [0, 1, 2].map(() => env.crm.services.journal.record(org.as(org.alice), input)),
    );
    expect(new Set(results.map((r) => r.entry.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it('records an entry under an id the caller chose, once: the id again is a duplicate, nothing written', async () => {
    const ctx = org.as(org.alice);
    const id = '018f0000-0000-7000-8000-00000000c0de';
    const { party } = await env.crm.services.parties.create(ctx, { kind: 'person', familyName: 'Chosen' });
    const note = (notes: string) => ({ type: 'meeting', parties: [{ partyId: party.id }], notes }) as const;
    const [first] = await env.crm.services.journal.recordMany(ctx, [
      { ...note('chosen id'), id: id.toUpperCase() },
    ]);
    expect(first!.entry.id).toBe(id);
    expect((await env.crm.services.journal.get(ctx, id)).notes).toBe('chosen id');
    const again = await env.crm.services.journal
      .recordMany(ctx, [note('written before the clash'), { ...note('same id'), id }])
      .catch((e: unknown) => e);
    expect(RapportError.is(again, 'DUPLICATE')).toBe(true);
    const { items } = await env.crm.services.timeline.timeline(ctx, party.id);
    expect(items.map((e) => e.notes)).toEqual(['chosen id']);
    await expect(
      env.crm.services.journal.record(ctx, { ...note('bad id'), id: 'not-a-uuid' }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [{ path: 'id' }] },
    });
  });

  it('refuses recording for a party the actor may not see', async () => {
    await expect(
      env.crm.services.journal.record(org.as(org.carol), { type: 'visit', parties: [{ partyId: customer }] }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
  });

  it('rolls everything back when a before-tap vetoes', async () => {
    env.crm.hooks.beforeActivityRecord.tapPromise('test-veto', async (entry) => {
      if (entry.notes === 'veto me') throw new RapportError('VETOED', 'no');
      return entry;
    });
    const before = (await env.crm.services.timeline.timeline(org.as(org.alice), customer, { limit: 500 }))
      .items.length;
    await expect(
      env.crm.services.journal.record(org.as(org.alice), {
        type: 'visit',
        parties: [{ partyId: customer }],
        notes: 'veto me',
      }),
    ).rejects.toMatchObject({ code: 'VETOED' });
    expect(
      (await env.crm.services.timeline.timeline(org.as(org.alice), customer, { limit: 500 })).items,
    ).toHaveLength(before);
  });

  it('is append-only: the database refuses updates and deletes', async () => {
    const { entry } = await env.crm.services.journal.record(org.as(org.alice), {
      type: 'visit',
      parties: [{ partyId: customer }],
    });
    await expect(
      env.crm.transaction(org.system, (tx) =>
        tx.sql(`update core_journal_entry set notes = 'x' where id = $1`, [entry.id]),
      ),
    ).rejects.toThrow(/append-only/);
    await expect(
      env.crm.transaction(org.system, (tx) =>
        tx.sql('delete from core_journal_entry where id = $1', [entry.id]),
      ),
    ).rejects.toThrow(/append-only/);
  });

  it('amends and voids through new entries; readers see the corrected view, the trail on request', async () => {
    const { entry } = await env.crm.services.journal.record(org.as(org.alice), {
      type: 'meeting',
      parties: [{ partyId: customer }],
      notes: 'Met in Berlin',
      occurredAt: new Date('2026-01-10T10:00:00Z'),
    });
    const amended = await env.crm.services.journal.amend(org.as(org.alice), entry.id, {
      notes: 'Met in Munich',
      reason: 'wrong city',
    });
    expect(amended.corrects).toEqual({ id: entry.id, kind: 'amend', reason: 'wrong city' });
    await expect(
      env.crm.services.journal.amend(org.as(org.alice), entry.id, { notes: 'again', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const page = await env.crm.services.timeline.timeline(org.as(org.alice), customer, {
      types: ['meeting'],
    });
    expect(page.items.map((e) => e.notes)).toEqual(['Met in Munich']);
    await env.crm.services.journal.void(org.as(org.alice), amended.id, 'never happened');
    expect(
      (await env.crm.services.timeline.timeline(org.as(org.alice), customer, { types: ['meeting'] })).items,
    ).toEqual([]);
    const trail = await env.crm.services.journal.trail(org.as(org.alice), entry.id);
    expect(trail.map((e) => [e.notes, e.corrects?.kind ?? null])).toEqual([
      ['Met in Berlin', null],
      ['Met in Munich', 'amend'],
      ['Met in Munich', 'void'],
    ]);
  });

  it('plans work, lists agenda and overdue items, and completes it with the outcome', async () => {
    const past = new Date(Date.now() - 3_600_000);
    const { entry } = await env.crm.services.journal.record(org.as(org.alice), {
      type: 'task',
      status: 'planned',
      dueAt: past,
      parties: [{ partyId: customer }],
      data: { title: 'Send offer' },
    });
    expect(entry.assigneeId).toBe(org.alice.id);
    const overdue = await env.crm.services.agenda.overdue(org.as(org.alice));
    expect(overdue.map((e) => e.id)).toContain(entry.id);
    const done = await env.crm.services.agenda.complete(org.as(org.alice), entry.id, {
      outcome: 'offer sent',
    });
    expect(done).toMatchObject({ status: 'done', outcome: 'offer sent' });
    expect((await env.crm.services.agenda.overdue(org.as(org.alice))).map((e) => e.id)).not.toContain(
      entry.id,
    );
    await expect(
      env.crm.services.agenda.complete(org.as(org.alice), entry.id, { outcome: 'twice' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('pages a timeline newest first without gaps or repeats, and searches notes', async () => {
    const { party } = await env.crm.services.parties.create(org.as(org.alice), {
      kind: 'person',
      familyName: 'Paged',
    });
    const base = Date.parse('2026-02-01T00:00:00Z');
    await env.crm.services.journal.recordMany(
      org.as(org.alice),
      Array.from({ length: 25 }, (_, i) => ({
        type: 'visit',
        parties: [{ partyId: party.id }],
        occurredAt: new Date(base + i * 60_000),
        notes: i === 7 ? 'talked about solar panels' : `visit ${i}`,
      })),
    );
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await env.crm.services.timeline.timeline(org.as(org.alice), party.id, {
        limit: 10,
        ...(after ? { after } : {}),
      });
      seen.push(...page.items.map((e) => e.notes ?? ''));
      after = page.nextCursor ?? undefined;
    } while (after);
    expect(seen).toHaveLength(25);
    expect(seen[0]).toBe('visit 24');
    expect(new Set(seen).size).toBe(25);
    const found = await env.crm.services.timeline.timeline(org.as(org.alice), party.id, { search: 'solar' });
    expect(found.items.map((e) => e.notes)).toEqual(['talked about solar panels']);
  });

  it('shows an organisation its contact persons’ entries on request', async () => {
    const { party: company } = await env.crm.services.parties.create(org.as(org.alice), {
      kind: 'organization',
      organizationName: 'Timeline Org',
    });
    const { party: contact } = await env.crm.services.parties.create(org.as(org.alice), {
      kind: 'person',
      familyName: 'Contact',
      roles: [{ role: 'contact_person', organizationId: company.id }],
    });
    await env.crm.services.journal.record(org.as(org.alice), {
      type: 'meeting',
      parties: [{ partyId: contact.id }],
      notes: 'with the contact',
    });
    expect((await env.crm.services.timeline.timeline(org.as(org.alice), company.id)).items).toEqual([]);
    const related = await env.crm.services.timeline.timeline(org.as(org.alice), company.id, {
      includeRelated: true,
    });
    expect(related.items.map((e) => e.notes)).toEqual(['with the contact']);
  });
});
