import type { Employee, JournalEntry } from '@rapport/core';
import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('journal access', () => {
  let env: TestCrm<[]>;
  let acme: OrgFixture;
  let globex: OrgFixture;
  let supportManager: Employee;
  /** Alice's customer and an entry about it. */
  let customer: string;
  let entry: JournalEntry;
  /** An entry of the other tenant. */
  let foreign: JournalEntry;
  let foreignParty: string;

  beforeAll(async () => {
    env = await createTestCrm();
    acme = await seedOrganisation(env.crm, 'Acme');
    globex = await seedOrganisation(env.crm, 'Globex');
    supportManager = await env.crm.services.employees.create(acme.system, {
      name: 'Support Manager',
      email: 'support.manager@acme.test',
      departmentId: acme.departments.support,
      role: 'manager',
    });
    const alice = acme.as(acme.alice);
    customer = (await env.crm.services.parties.create(alice, { kind: 'person', familyName: 'Private' })).party
      .id;
    entry = (
      await env.crm.services.journal.record(alice, {
        type: 'visit',
        parties: [{ partyId: customer }],
        notes: 'alice only',
      })
    ).entry;
    const globexAgent = globex.as(globex.alice);
    foreignParty = (
      await env.crm.services.parties.create(globexAgent, { kind: 'person', familyName: 'Foreign' })
    ).party.id;
    foreign = (
      await env.crm.services.journal.record(globexAgent, {
        type: 'visit',
        parties: [{ partyId: foreignParty }],
      })
    ).entry;
  });
  afterAll(() => env?.close());

  it('lets the owning agent read the timeline and the entry', async () => {
    const alice = acme.as(acme.alice);
    expect((await env.crm.services.timeline.timeline(alice, customer)).items).toEqual([entry]);
    expect(await env.crm.services.journal.get(alice, entry.id)).toEqual(entry);
  });

  it('refuses another agent the timeline of a customer they may not see', async () => {
    await expect(env.crm.services.timeline.timeline(acme.as(acme.carol), customer)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    await expect(env.crm.services.timeline.timeline(acme.as(acme.bob), customer)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
  });

  it('refuses another agent an entry about a customer they may not see, and its trail', async () => {
    await expect(env.crm.services.journal.get(acme.as(acme.carol), entry.id)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    await expect(env.crm.services.journal.trail(acme.as(acme.carol), entry.id)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
  });

  it('refuses another agent to record about, amend or void a customer’s entries they may not see', async () => {
    const carol = acme.as(acme.carol);
    await expect(
      env.crm.services.journal.record(carol, { type: 'visit', parties: [{ partyId: customer }] }),
    ).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    await expect(
      env.crm.services.journal.amend(carol, entry.id, { notes: 'hijacked', reason: 'x' }),
    ).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    await expect(env.crm.services.journal.void(carol, entry.id, 'x')).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    expect((await env.crm.services.journal.get(acme.as(acme.alice), entry.id)).supersededBy).toBeNull();
  });

  it('lets managers read the timeline and entries of customers in their department’s subtree', async () => {
    for (const manager of [acme.northManager, acme.salesManager]) {
      const ctx = acme.as(manager);
      expect((await env.crm.services.timeline.timeline(ctx, customer)).items.map((e) => e.id)).toEqual([
        entry.id,
      ]);
      expect((await env.crm.services.journal.get(ctx, entry.id)).id).toBe(entry.id);
    }
  });

  it('refuses a manager of another department', async () => {
    const ctx = acme.as(supportManager);
    await expect(env.crm.services.timeline.timeline(ctx, customer)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    await expect(env.crm.services.journal.get(ctx, entry.id)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
  });

  it('shows an entry to everyone who may see one of its parties', async () => {
    const carol = acme.as(acme.carol);
    const carolsCustomer = (
      await env.crm.services.parties.create(carol, { kind: 'person', familyName: 'Carols' })
    ).party.id;
    const { entry: shared } = await env.crm.services.journal.record(acme.as(acme.admin), {
      type: 'meeting',
      parties: [{ partyId: customer }, { partyId: carolsCustomer, role: 'participant' }],
    });
    expect((await env.crm.services.journal.get(carol, shared.id)).id).toBe(shared.id);
    expect((await env.crm.services.journal.get(acme.as(acme.alice), shared.id)).id).toBe(shared.id);
  });

  it('does not hand out an entry recorded earlier under the same external id to someone who may not see it', async () => {
    await env.crm.services.journal.record(acme.as(acme.alice), {
      type: 'email',
      direction: 'inbound',
      parties: [{ partyId: customer }],
      externalId: 'mail-<private@example>',
      notes: 'alice’s secret',
    });
    const carol = acme.as(acme.carol);
    const carolsCustomer = (
      await env.crm.services.parties.create(carol, { kind: 'person', familyName: 'Curious' })
    ).party.id;
    const error = await env.crm.services.journal
      .record(carol, {
        type: 'email',
        direction: 'inbound',
        parties: [{ partyId: carolsCustomer }],
        externalId: 'mail-<private@example>',
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_ALLOWED' });
    expect(JSON.stringify((error as Error).message)).not.toContain('secret');
  });

  it('includes related parties’ entries in a timeline only when the reader may see those parties', async () => {
    const alice = acme.as(acme.alice);
    const company = (
      await env.crm.services.parties.create(alice, { kind: 'organization', organizationName: 'Mixed AG' })
    ).party.id;
    const admin = acme.as(acme.admin);
    const own = (
      await env.crm.services.parties.create(admin, {
        kind: 'person',
        familyName: 'Alices contact',
        ownerId: acme.alice.id,
        roles: [{ role: 'contact_person', organizationId: company }],
      })
    ).party.id;
    const hidden = (
      await env.crm.services.parties.create(admin, {
        kind: 'person',
        familyName: 'Carols contact',
        ownerId: acme.carol.id,
        roles: [{ role: 'contact_person', organizationId: company }],
      })
    ).party.id;
    await env.crm.services.journal.record(admin, {
      type: 'meeting',
      parties: [{ partyId: own }],
      notes: 'visible contact',
    });
    await env.crm.services.journal.record(admin, {
      type: 'meeting',
      parties: [{ partyId: hidden }],
      notes: 'hidden contact',
    });
    const page = await env.crm.services.timeline.timeline(alice, company, { includeRelated: true });
    expect(page.items.map((e) => e.notes)).toEqual(['visible contact']);
    const all = await env.crm.services.timeline.timeline(admin, company, { includeRelated: true });
    expect(all.items.map((e) => e.notes)).toEqual(['hidden contact', 'visible contact']);
  });

  it('treats another tenant’s entry as not found, even for an administrator', async () => {
    for (const ctx of [acme.as(acme.alice), acme.as(acme.admin), acme.system]) {
      await expect(env.crm.services.journal.get(ctx, foreign.id)).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(env.crm.services.journal.trail(ctx, foreign.id)).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    }
    await expect(
      env.crm.services.journal.amend(acme.system, foreign.id, { notes: 'x', reason: 'x' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('treats another tenant’s party as not found for the timeline and for recording', async () => {
    await expect(env.crm.services.timeline.timeline(acme.system, foreignParty)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      env.crm.services.journal.record(acme.system, { type: 'visit', parties: [{ partyId: foreignParty }] }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses an id that is not a UUID as invalid data, not a database error', async () => {
    const ctx = acme.as(acme.alice);
    await expect(env.crm.services.journal.get(ctx, 'nope')).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [{ path: 'id' }] },
    });
    await expect(env.crm.services.journal.void(ctx, 'nope', 'x')).rejects.toMatchObject({
      code: 'INVALID_DATA',
    });
    await expect(env.crm.services.timeline.timeline(ctx, 'nope')).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [{ path: 'partyId' }] },
    });
  });

  it('keeps each tenant’s external ids apart', async () => {
    const mine = await env.crm.services.journal.record(acme.system, {
      type: 'visit',
      parties: [{ partyId: customer }],
      externalId: 'shared-external-id',
    });
    const theirs = await env.crm.services.journal.record(globex.system, {
      type: 'visit',
      parties: [{ partyId: foreignParty }],
      externalId: 'shared-external-id',
    });
    expect([mine.created, theirs.created]).toEqual([true, true]);
    expect(mine.entry.id).not.toBe(theirs.entry.id);
  });
});
