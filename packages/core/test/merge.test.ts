import { type CallContext, MergeRefusedError, type PartyInput, RapportError } from '@rapport/core';
import { createTestCrm, seedOrganisation, type TestCrm } from '@rapport/testing';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardsPlugin, forgetfulPlugin } from './fixtures/cards-plugin.js';

describe('merging parties', () => {
  let env: TestCrm<[typeof cardsPlugin, typeof forgetfulPlugin]>;
  let ctx: CallContext;
  let other: CallContext;
  let n = 0;

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [cardsPlugin, forgetfulPlugin], parties: { defaultRegion: 'DE' } });
    const acme = await env.crm.services.tenants.create({ name: 'Acme' });
    const globex = await env.crm.services.tenants.create({ name: 'Globex' });
    ctx = env.crm.context({ tenantId: acme.id, actor: { kind: 'system', name: 'dedup-review' } });
    other = env.crm.context({ tenantId: globex.id, actor: { kind: 'system', name: 'dedup-review' } });
    await env.crm.services.customFields.define(ctx, { key: 'tier', type: 'text', label: 'Tier' });
    await env.crm.services.customFields.define(ctx, { key: 'score', type: 'number', label: 'Score' });
  });
  afterAll(() => env?.close());

  const sql = <T = Record<string, unknown>>(text: string, values: unknown[] = [], on = ctx) =>
    env.crm.transaction(on, (tx) => tx.sql<T>(text, values));
  const create = async (input: PartyInput, on = ctx) =>
    (await env.crm.services.parties.create(on, input)).party;
  const person = (familyName: string, more: Partial<PartyInput> = {}, on = ctx) => {
    n += 1;
    return create(
      {
        kind: 'person',
        givenName: 'Ada',
        familyName,
        contactPoints: [{ kind: 'email', value: `${familyName.toLowerCase()}.${n}@example.com` }],
        ...more,
      } as PartyInput,
      on,
    );
  };
  const organization = (name: string) => create({ kind: 'organization', organizationName: name });

  it('moves every kind of row to the survivor and removes the merged party', async () => {
    const orgA = await organization('Analytical Engines Ltd');
    const orgB = await organization('Difference Works');
    const spouse = await person('Byron');
    const survivor = await person('Lovelace', {
      roles: ['lead'],
      tags: ['vip'],
      custom: { tier: 'gold' },
      contactPoints: [
        { kind: 'email', value: 'ada@example.com' },
        { kind: 'address', street: 'Unter den Linden 1', postalCode: '10117', city: 'Berlin', country: 'DE' },
      ],
      consents: [{ channel: 'email', status: 'opted_in', at: new Date('2024-01-01T00:00:00Z') }],
    });
    const merged = await person('Lovelace', {
      displayName: 'A. Lovelace',
      roles: ['lead', { role: 'contact_person', organizationId: orgA.id }],
      tags: ['newsletter'],
      custom: { tier: 'silver', score: 7 },
      contactPoints: [
        { kind: 'email', value: 'ada.king@example.com' },
        { kind: 'phone', value: '030 1234567' },
        { kind: 'address', street: 'Unter den Linden 1', postalCode: '10117', city: 'Berlin', country: 'DE' },
        { kind: 'address', street: 'Jungfernstieg 2', postalCode: '20354', city: 'Hamburg', country: 'DE' },
      ],
      consents: [{ channel: 'email', status: 'opted_out', at: new Date('2025-06-01T00:00:00Z') }],
      dates: [{ kind: 'birthday', month: 12, day: 10, year: 1815 }],
    });
    const referred = await person('Somerville', { source: { referrerId: merged.id } });
    await env.crm.services.relationships.relate(ctx, {
      type: 'spouse_of',
      fromId: merged.id,
      toId: spouse.id,
    });
    await env.crm.services.relationships.relate(ctx, { type: 'works_at', fromId: merged.id, toId: orgB.id });
    await env.crm.services.relationships.relate(ctx, {
      type: 'referred',
      fromId: survivor.id,
      toId: merged.id,
    });
    await sql(
      'insert into core_party_external_key (tenant_id, source, key, party_id) values ($1, $2, $3, $4)',
      [ctx.tenantId, 'legacy-erp', 'C-1815', merged.id],
    );
    await sql('insert into cards_card (tenant_id, id, party_id, points) values ($1, $2, $3, 120)', [
      ctx.tenantId,
      uuidv7(),
      merged.id,
    ]);

    const { survivor: after, merge } = await env.crm.services.merges.merge(ctx, {
      survivorId: survivor.id,
      mergedId: merged.id,
      reason: 'same person entered by sales and support',
    });

    expect(after.contactPoints.map((cp) => [cp.kind, cp.value, cp.primary])).toEqual([
      ['address', 'Unter den Linden 1, 10117 Berlin, DE', true],
      ['address', 'Jungfernstieg 2, 20354 Hamburg, DE', false],
      ['email', 'ada@example.com', true],
      ['email', 'ada.king@example.com', false],
      ['phone', '+49301234567', true],
    ]);
    expect(after.roles.map((r) => [r.role, r.organizationId]).sort()).toEqual([
      ['contact_person', orgA.id],
      ['lead', null],
    ]);
    expect(after.tags).toEqual(['vip', 'newsletter']);
    expect(after.custom).toEqual({ tier: 'gold', score: 7 });
    expect(after.dates).toMatchObject([{ kind: 'birthday', month: 12, day: 10 }]);
    expect(after.city).toBe('Berlin');
    // Consent history is kept whole; the most recent statement wins.
    expect(await env.crm.services.contactPoints.consentStatus(ctx, survivor.id, 'email')).toBe('opted_out');
    expect(await env.crm.services.contactPoints.lookup(ctx, { kind: 'phone', value: '+49 30 1234567' })).toBe(
      survivor.id,
    );
    const relationships = await env.crm.services.relationships.listFor(ctx, survivor.id, {
      includeEnded: true,
    });
    expect(relationships.map((r) => [r.type, r.otherPartyId]).sort()).toEqual(
      [
        ['spouse_of', spouse.id],
        ['works_at', orgB.id],
      ].sort(),
    );
    expect((await env.crm.services.parties.get(ctx, referred.id)).source.referrerId).toBe(survivor.id);
    const history = await env.crm.services.parties.history(ctx, survivor.id);
    expect(history[0]).toMatchObject({ operation: 'merge', changes: { mergeId: merge.id } });
    expect(history.filter((h) => h.operation === 'create')).toHaveLength(2);
    expect(await sql('select party_id from core_party_external_key where key = $1', ['C-1815'])).toEqual([
      { party_id: survivor.id },
    ]);
    expect(await sql('select party_id from cards_card')).toEqual([{ party_id: survivor.id }]);
    await expect(env.crm.services.parties.get(ctx, merged.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(merge.moved).toMatchObject({
      core_contact_point: 4,
      core_party_identity: 2,
      core_consent: 1,
      core_party_date: 1,
      core_relationship: 2,
      'core_party.source_referrer_id': 1,
      core_party_external_key: 1,
      'cards_card.party_id': 1,
    });
    expect(merge.resolved).toMatchObject({
      'core_contact_point.removed_duplicates': 1,
      'core_party_role.ended_duplicates': 1,
      'core_relationship.dropped_between_merged': 1,
    });
  });

  it('leaves no reference to the merged party in any column of any table', async () => {
    const org = await organization('Reference Check Ltd');
    const duplicateOrg = await organization('Reference Check Limited');
    const contact = await person('Contact', {
      roles: [{ role: 'contact_person', organizationId: duplicateOrg.id }],
    });
    await env.crm.services.relationships.relate(ctx, {
      type: 'subsidiary_of',
      fromId: duplicateOrg.id,
      toId: org.id,
    });
    await env.crm.services.relationships.relate(ctx, {
      type: 'works_at',
      fromId: contact.id,
      toId: duplicateOrg.id,
    });
    await sql('insert into cards_card (tenant_id, id, party_id, points) values ($1, $2, $3, 5)', [
      ctx.tenantId,
      uuidv7(),
      duplicateOrg.id,
    ]);
    await env.crm.services.merges.merge(ctx, { survivorId: org.id, mergedId: duplicateOrg.id });

    // Every foreign key column that references core_party, core's and plugins' alike.
    const references = await sql<{ table_name: string; column_name: string }>(
      `select kcu.table_name, kcu.column_name
       from information_schema.referential_constraints rc
       join information_schema.key_column_usage kcu on kcu.constraint_name = rc.constraint_name
       join information_schema.constraint_column_usage ccu on ccu.constraint_name = rc.unique_constraint_name
       where ccu.table_name = 'core_party' and kcu.column_name <> 'tenant_id'
       group by 1, 2`,
    );
    expect(references.map((r) => `${r.table_name}.${r.column_name}`)).toEqual(
      expect.arrayContaining([
        'core_contact_point.party_id',
        'cards_card.party_id',
        'forgetful_note.party_id',
      ]),
    );
    // And, more broadly, every uuid column of every table: only the merge audit may name the old id.
    const uuidColumns = await sql<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns c
       where table_schema = 'public' and data_type = 'uuid'
         and exists (select 1 from information_schema.tables t where t.table_name = c.table_name and t.table_type = 'BASE TABLE')`,
    );
    const holding: string[] = [];
    for (const { table_name, column_name } of uuidColumns) {
      const [row] = await sql<{ n: number }>(
        `select count(*)::int as n from "${table_name}" where "${column_name}" = $1`,
        [duplicateOrg.id],
      );
      if (row!.n > 0) holding.push(`${table_name}.${column_name}`);
    }
    expect(holding).toEqual(['core_party_merge.merged_id']);
    const after = await env.crm.services.parties.get(ctx, contact.id);
    expect(after.roles).toMatchObject([{ role: 'contact_person', organizationId: org.id }]);
  });

  it('keeps exactly one primary contact point per kind on the survivor', async () => {
    const survivor = await person('Primary', {
      contactPoints: [
        { kind: 'email', value: 'primary.a@example.com' },
        { kind: 'phone', value: '030 5550001' },
      ],
    });
    const merged = await person('Primary', {
      contactPoints: [
        { kind: 'email', value: 'primary.b@example.com' },
        { kind: 'phone', value: '030 5550002' },
        { kind: 'website', value: 'primary.example.com' },
      ],
    });
    const { survivor: after } = await env.crm.services.merges.merge(ctx, {
      survivorId: survivor.id,
      mergedId: merged.id,
    });
    const primaries = after.contactPoints.filter((cp) => cp.primary).map((cp) => [cp.kind, cp.value]);
    expect(primaries).toEqual([
      ['email', 'primary.a@example.com'],
      ['phone', '+49305550001'],
      ['website', 'https://primary.example.com'],
    ]);
  });

  it('prefers the merged party’s primary when the survivor’s is marked invalid', async () => {
    const survivor = await person('Bounce', {
      contactPoints: [{ kind: 'email', value: 'bounced@example.com' }],
    });
    const merged = await person('Bounce', { contactPoints: [{ kind: 'email', value: 'works@example.com' }] });
    await env.crm.services.contactPoints.markInvalid(ctx, survivor.contactPoints[0]!.id, 'hard bounce');
    const { survivor: after } = await env.crm.services.merges.merge(ctx, {
      survivorId: survivor.id,
      mergedId: merged.id,
    });
    expect(after.contactPoints.filter((cp) => cp.primary).map((cp) => cp.value)).toEqual([
      'works@example.com',
    ]);
  });

  it('takes fields from the merged party where asked, fills the survivor’s gaps and keeps the more advanced lifecycle', async () => {
    const survivor = await person('Fields', { roles: ['lead'], custom: { tier: 'gold', score: 1 } });
    const merged = await create({
      kind: 'person',
      givenName: 'Augusta',
      familyName: 'Fields-King',
      locale: 'en',
      roles: ['customer'],
      custom: { tier: 'platinum', score: 9 },
      contactPoints: [{ kind: 'email', value: 'fields.king@example.com' }],
    });
    const { survivor: after, merge } = await env.crm.services.merges.merge(ctx, {
      survivorId: survivor.id,
      mergedId: merged.id,
      fieldsFrom: { familyName: 'merged', 'custom.score': 'merged' },
    });
    expect(after).toMatchObject({
      givenName: 'Ada',
      familyName: 'Fields-King',
      displayName: 'Ada Fields-King',
      locale: 'en',
      lifecycle: 'customer',
      custom: { tier: 'gold', score: 9 },
    });
    expect(merge.fields).toMatchObject({
      familyName: ['Fields', 'Fields-King'],
      lifecycle: ['lead', 'customer'],
    });
    expect(merge.fieldsFrom).toEqual({ familyName: 'merged', 'custom.score': 'merged' });
  });

  it('moves a plugin’s rows through its partiesMerging tap', async () => {
    const survivor = await person('Cards');
    const merged = await person('Cards');
    await sql(
      'insert into cards_card (tenant_id, id, party_id, points) values ($1, $2, $3, 10), ($1, $4, $3, 20)',
      [ctx.tenantId, uuidv7(), merged.id, uuidv7()],
    );
    const { merge } = await env.crm.services.merges.merge(ctx, {
      survivorId: survivor.id,
      mergedId: merged.id,
    });
    const cards = await sql<{ points: number }>(
      'select points from cards_card where party_id = $1 order by points',
      [survivor.id],
    );
    expect(cards).toEqual([{ points: 10 }, { points: 20 }]);
    expect(merge.moved['cards_card.party_id']).toBe(2);
  });

  it('fails and rolls back completely when a plugin forgets to move its rows', async () => {
    const survivor = await person('Forgotten', { tags: ['a'] });
    const merged = await person('Forgotten', {
      tags: ['b'],
      contactPoints: [{ kind: 'phone', value: '030 5559999' }],
    });
    await sql(
      `insert into forgetful_note (tenant_id, id, party_id, text) values ($1, $2, $3, 'remember me')`,
      [ctx.tenantId, uuidv7(), merged.id],
    );
    const historyBefore = await env.crm.services.parties.history(ctx, survivor.id);

    const error = await env.crm.services.merges
      .merge(ctx, { survivorId: survivor.id, mergedId: merged.id })
      .catch((e: unknown) => e);

    expect(RapportError.is(error, 'CONFLICT')).toBe(true);
    expect((error as RapportError).details.references).toEqual({ 'forgetful_note.party_id': 1 });
    expect((error as Error).message).toContain('forgetful_note');
    expect(await env.crm.services.parties.get(ctx, survivor.id)).toEqual(survivor);
    expect(await env.crm.services.parties.get(ctx, merged.id)).toEqual(merged);
    expect(await env.crm.services.parties.history(ctx, survivor.id)).toEqual(historyBefore);
    expect(await env.crm.services.merges.mergesOf(ctx, merged.id)).toEqual([]);
    expect(await env.crm.services.contactPoints.lookup(ctx, { kind: 'phone', value: '030 5559999' })).toBe(
      merged.id,
    );
  });

  it('explains a merge later, also by the merged party’s former id, following chains of merges', async () => {
    const first = await person('Audit', {
      contactPoints: [{ kind: 'email', value: 'audit.first@example.com' }],
    });
    const second = await person('Audit', {
      tags: ['from-support'],
      contactPoints: [{ kind: 'email', value: 'audit.second@example.com' }],
    });
    const third = await person('Audit');
    const { merge } = await env.crm.services.merges.merge(ctx, {
      survivorId: first.id,
      mergedId: second.id,
      reason: 'reported by the customer',
    });
    const explained = await env.crm.services.merges.explain(ctx, merge.id);
    expect(explained).toMatchObject({
      id: merge.id,
      survivorId: first.id,
      originalSurvivorId: first.id,
      mergedId: second.id,
      reason: 'reported by the customer',
      actor: { kind: 'system', name: 'dedup-review' },
      moved: { core_contact_point: 1, core_party_identity: 1 },
    });
    expect(explained.at).toBeInstanceOf(Date);
    expect(explained.mergedSnapshot.party).toMatchObject({ id: second.id, tags: ['from-support'] });
    expect(explained.mergedSnapshot.contactPoints.map((cp) => cp.value)).toEqual([
      'audit.second@example.com',
    ]);
    expect(explained.mergedSnapshot.identities).toEqual([
      { kind: 'email', value: 'audit.second@example.com' },
    ]);
    expect(await env.crm.services.merges.whereIs(ctx, second.id)).toBe(first.id);
    expect(await env.crm.services.merges.whereIs(ctx, first.id)).toBe(first.id);

    const { merge: later } = await env.crm.services.merges.merge(ctx, {
      survivorId: third.id,
      mergedId: first.id,
    });
    expect(await env.crm.services.merges.whereIs(ctx, second.id)).toBe(third.id);
    expect(await env.crm.services.merges.explain(ctx, merge.id)).toMatchObject({
      survivorId: third.id,
      originalSurvivorId: first.id,
    });
    expect((await env.crm.services.merges.mergesOf(ctx, third.id)).map((m) => m.id).sort()).toEqual(
      [merge.id, later.id].sort(),
    );
    expect((await env.crm.services.merges.mergesOf(ctx, second.id)).map((m) => m.id)).toEqual([merge.id]);
    await expect(env.crm.services.merges.whereIs(ctx, uuidv7())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(env.crm.services.merges.explain(ctx, uuidv7())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses to merge a party into itself, and a person into an organisation unless allowed', async () => {
    const ada = await person('Self');
    const org = await organization('Self Ltd');
    const self = await env.crm.services.merges
      .merge(ctx, { survivorId: ada.id, mergedId: ada.id })
      .catch((e: unknown) => e);
    expect(self).toBeInstanceOf(MergeRefusedError);
    expect(self).toMatchObject({ code: 'INVALID_DATA', refusal: 'same_party' });
    const across = await env.crm.services.merges
      .merge(ctx, { survivorId: org.id, mergedId: ada.id })
      .catch((e: unknown) => e);
    expect(across).toMatchObject({ code: 'INVALID_DATA', refusal: 'kind_mismatch' });
    expect((await env.crm.services.parties.get(ctx, ada.id)).id).toBe(ada.id);
    const { survivor } = await env.crm.services.merges.merge(ctx, {
      survivorId: org.id,
      mergedId: ada.id,
      allowKindMismatch: true,
    });
    expect(survivor.kind).toBe('organization');
  });

  it('refuses invalid input, naming the fields', async () => {
    await expect(
      env.crm.services.merges.merge(ctx, {
        survivorId: 'nope',
        mergedId: uuidv7(),
        fieldsFrom: { shoeSize: 'merged' } as never,
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: {
        issues: [
          expect.objectContaining({ path: 'survivorId' }),
          expect.objectContaining({ path: 'fieldsFrom.shoeSize' }),
        ],
      },
    });
  });

  it('cannot merge across tenants: the other tenant’s party is simply not found', async () => {
    const mine = await person('Tenant');
    const theirs = await person('Tenant', {}, other);
    await expect(
      env.crm.services.merges.merge(ctx, { survivorId: mine.id, mergedId: theirs.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      env.crm.services.merges.merge(other, { survivorId: theirs.id, mergedId: mine.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await env.crm.services.parties.get(other, theirs.id)).id).toBe(theirs.id);
    expect((await env.crm.services.parties.get(ctx, mine.id)).id).toBe(mine.id);
  });

  it('lets one of two concurrent merges of the same pair win, the other fails cleanly', async () => {
    for (const direction of ['same', 'opposite'] as const) {
      const a = await person('Race', {
        contactPoints: [{ kind: 'email', value: `race.a.${direction}@example.com` }],
      });
      const b = await person('Race', {
        contactPoints: [{ kind: 'email', value: `race.b.${direction}@example.com` }],
      });
      const results = await Promise.allSettled([
        env.crm.services.merges.merge(ctx, { survivorId: a.id, mergedId: b.id }),
        direction === 'same'
          ? env.crm.services.merges.merge(ctx, { survivorId: a.id, mergedId: b.id })
          : env.crm.services.merges.merge(ctx, { survivorId: b.id, mergedId: a.id }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(['NOT_FOUND', 'CONFLICT']).toContain((lost[0] as PromiseRejectedResult).reason.code);
      const survivor = (won[0] as PromiseFulfilledResult<{ survivor: { id: string } }>).value.survivor;
      const after = await env.crm.services.parties.get(ctx, survivor.id);
      expect(after.contactPoints.map((cp) => cp.value).sort()).toEqual(
        [`race.a.${direction}@example.com`, `race.b.${direction}@example.com`].sort(),
      );
      const merges = await env.crm.services.merges.mergesOf(ctx, survivor.id);
      expect(merges).toHaveLength(1);
    }
  });

  it('moves journal links and shares, and lets only an employee who sees both parties merge them', async () => {
    const org = await seedOrganisation(env.crm, 'Journaled');
    const alice = org.as(org.alice);
    const survivor = await person('Timeline', {}, alice);
    const merged = await person('Timeline', {}, alice);
    const both = await env.crm.services.journal.record(alice, {
      type: 'meeting',
      parties: [{ partyId: survivor.id }, { partyId: merged.id }],
      notes: 'met both of them, who turned out to be one',
    });
    const call = await env.crm.services.journal.record(alice, {
      type: 'call_outgoing',
      parties: [{ partyId: merged.id }],
    });
    await env.crm.services.ownership.share(alice, merged.id, { employeeId: org.carol.id });
    await expect(
      env.crm.services.merges.merge(org.as(org.carol), { survivorId: survivor.id, mergedId: merged.id }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });

    const { merge } = await env.crm.services.merges.merge(alice, {
      survivorId: survivor.id,
      mergedId: merged.id,
    });

    const timeline = await env.crm.services.timeline.timeline(alice, survivor.id);
    expect(timeline.items.map((e) => e.id).sort()).toEqual([both.entry.id, call.entry.id].sort());
    expect((await env.crm.services.parties.get(org.as(org.carol), survivor.id)).id).toBe(survivor.id);
    expect(merge.moved).toMatchObject({ 'core_journal_party.party_id': 2, core_party_share: 1 });
    expect(merge.actor).toEqual({ kind: 'employee', id: org.alice.id });
  });
});
