import type { CallContext, Employee, JournalEntry } from '@rapport/core';
import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('the journal in merges, reassignments and privacy requests', () => {
  let env: TestCrm<[]>;
  let org: OrgFixture;
  let admin: CallContext;
  let agents = 0;

  beforeAll(async () => {
    env = await createTestCrm();
    org = await seedOrganisation(env.crm);
    admin = org.as(org.admin);
  });
  afterAll(() => env?.close());

  const newAgent = async (): Promise<Employee> => {
    agents += 1;
    return env.crm.services.employees.create(org.system, {
      name: `Agent ${agents}`,
      email: `agent${agents}@acme.test`,
      departmentId: org.departments.north,
      role: 'agent',
    });
  };
  const newCustomer = async (ctx: CallContext, name: string) =>
    (await env.crm.services.parties.create(ctx, { kind: 'person', familyName: name })).party.id;
  const planTask = async (ctx: CallContext, partyId: string, title: string, assigneeId?: string) =>
    (
      await env.crm.services.journal.record(ctx, {
        type: 'task',
        status: 'planned',
        dueAt: new Date(Date.now() + 86_400_000),
        parties: [{ partyId }],
        data: { title },
        ...(assigneeId ? { assigneeId } : {}),
      })
    ).entry;
  const idsOf = (entries: JournalEntry[]) => entries.map((e) => e.id);

  it('moves journal links to the survivor when two parties are merged', async () => {
    const survivor = await newCustomer(admin, 'Survivor');
    const merged = await newCustomer(admin, 'Duplicate');
    const onSurvivor = (
      await env.crm.services.journal.record(admin, { type: 'visit', parties: [{ partyId: survivor }] })
    ).entry;
    const onMerged = (
      await env.crm.services.journal.record(admin, { type: 'visit', parties: [{ partyId: merged }] })
    ).entry;
    const onBoth = (
      await env.crm.services.journal.record(admin, {
        type: 'meeting',
        parties: [{ partyId: survivor }, { partyId: merged, role: 'participant' }],
      })
    ).entry;
    await env.crm.services.merges.merge(admin, {
      survivorId: survivor,
      mergedId: merged,
      reason: 'same person',
    });
    const timeline = await env.crm.services.timeline.timeline(admin, survivor);
    expect(idsOf(timeline.items).sort()).toEqual([onSurvivor.id, onMerged.id, onBoth.id].sort());
    expect((await env.crm.services.journal.get(admin, onMerged.id)).parties).toEqual([
      { partyId: survivor, role: 'customer' },
    ]);
    expect((await env.crm.services.journal.get(admin, onBoth.id)).parties).toEqual([
      { partyId: survivor, role: 'customer' },
    ]);
  });

  it('hands the leaver’s planned work on their customers to the heir as corrections', async () => {
    const leaver = await newAgent();
    const heir = await newAgent();
    const ctx = org.as(leaver);
    const customer = await newCustomer(ctx, 'Inherited');
    const moved = await planTask(ctx, customer, 'call about renewal');
    const done = (
      await env.crm.services.journal.record(ctx, {
        type: 'task',
        status: 'done',
        parties: [{ partyId: customer }],
        data: { title: 'old' },
      })
    ).entry;
    const othersTask = await planTask(admin, customer, 'the admin’s own', org.admin.id);
    const adminsCustomer = await newCustomer(admin, 'Not the leaver’s');
    const elsewhere = await planTask(
      admin,
      adminsCustomer,
      'leaver’s task on a customer who stays',
      leaver.id,
    );

    const { reassignment } = await env.crm.services.employees.deactivate(admin, leaver.id, {
      heirId: heir.id,
      reason: 'left the company',
    });

    expect(reassignment.moved.plannedActivities).toBe(1);
    const trail = await env.crm.services.journal.trail(admin, moved.id);
    expect(trail.map((e) => [e.status, e.assigneeId, e.corrects?.reason ?? null])).toEqual([
      ['planned', leaver.id, null],
      ['planned', heir.id, 'reassigned'],
    ]);
    expect(trail[1]).toMatchObject({
      data: moved.data,
      dueAt: moved.dueAt,
      parties: moved.parties,
      corrects: { kind: 'amend' },
    });
    expect(idsOf(await env.crm.services.agenda.agenda(org.as(heir)))).toEqual([trail[1]!.id]);
    expect(idsOf(await env.crm.services.agenda.agenda(admin, { assigneeId: leaver.id }))).toEqual([
      elsewhere.id,
    ]);
    expect((await env.crm.services.journal.get(admin, done.id)).supersededBy).toBeNull();
    expect((await env.crm.services.journal.get(admin, othersTask.id)).supersededBy).toBeNull();
  });

  it('does not hand voided planned work to the heir', async () => {
    const leaver = await newAgent();
    const heir = await newAgent();
    const ctx = org.as(leaver);
    const customer = await newCustomer(ctx, 'Voided');
    const planned = await planTask(ctx, customer, 'recorded by mistake');
    await env.crm.services.journal.void(ctx, planned.id, 'never planned');
    const { reassignment } = await env.crm.services.employees.deactivate(admin, leaver.id, {
      heirId: heir.id,
      reason: 'left',
    });
    expect(reassignment.moved.plannedActivities).toBeUndefined();
    expect(await env.crm.services.agenda.agenda(org.as(heir))).toEqual([]);
    expect((await env.crm.services.timeline.timeline(admin, customer)).items).toEqual([]);
  });

  it('includes the journal in a party’s personal data export', async () => {
    const person = await newCustomer(admin, 'Exported');
    const first = (
      await env.crm.services.journal.record(admin, {
        type: 'visit',
        parties: [{ partyId: person }],
        notes: 'first',
        occurredAt: new Date('2026-01-01T10:00:00Z'),
      })
    ).entry;
    const second = (
      await env.crm.services.journal.record(admin, {
        type: 'call_incoming',
        parties: [{ partyId: person }],
        notes: 'second',
        occurredAt: new Date('2026-01-02T10:00:00Z'),
      })
    ).entry;
    const exported = await env.crm.services.privacy.export(admin, person);
    expect(exported.sections.journal).toEqual([first, second]);
  });

  it('blanks notes, data and outcome on erasure but keeps type, time and amount', async () => {
    const person = await newCustomer(admin, 'Erased');
    const other = await newCustomer(admin, 'Bystander');
    const sale = (
      await env.crm.services.journal.record(admin, {
        type: 'sale',
        parties: [{ partyId: person }],
        amount: '123.45',
        currency: 'EUR',
        notes: 'bought for her husband Klaus',
        outcome: 'happy',
        data: { invoiceNumber: 'INV-99' },
        occurredAt: new Date('2026-02-01T10:00:00Z'),
      })
    ).entry;
    const call = (
      await env.crm.services.journal.record(admin, {
        type: 'call_incoming',
        parties: [{ partyId: person }],
        notes: 'lives at Hauptstr. 1',
        outcome: 'callback',
        data: { phone: '+49301234' },
      })
    ).entry;
    const amended = await env.crm.services.journal.amend(admin, call.id, {
      notes: 'lives at Hauptstr. 2',
      reason: 'moved',
    });
    const untouched = (
      await env.crm.services.journal.record(admin, {
        type: 'visit',
        parties: [{ partyId: other }],
        notes: 'not erased',
      })
    ).entry;
    const sum = () =>
      env.crm.transaction(org.system, async (tx) => {
        const [row] = await tx.sql<{ sum: string }>(
          'select coalesce(sum(amount), 0)::text as sum from core_journal_entry where tenant_id = $1',
          [tx.tenantId],
        );
        return row!.sum;
      });
    const before = await sum();

    await env.crm.services.privacy.erase(admin, person, 'data-subject request');

    const trail = (await env.crm.services.timeline.timeline(admin, person, { trail: true })).items;
    expect(idsOf(trail).sort()).toEqual([sale.id, call.id, amended.id].sort());
    for (const entry of trail) expect(entry).toMatchObject({ notes: null, outcome: null, data: {} });
    expect(trail.find((e) => e.id === sale.id)).toMatchObject({
      type: 'sale',
      occurredAt: sale.occurredAt,
      amount: '123.45',
      currency: 'EUR',
    });
    expect(trail.find((e) => e.id === call.id)).toMatchObject({
      type: 'call_incoming',
      occurredAt: call.occurredAt,
      direction: 'inbound',
    });
    expect(await sum()).toBe(before);
    expect((await env.crm.services.timeline.timeline(admin, person, { search: 'Hauptstr' })).items).toEqual(
      [],
    );
    expect((await env.crm.services.journal.get(admin, untouched.id)).notes).toBe('not erased');
  });
});
