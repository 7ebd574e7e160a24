import { type CallContext, RapportError } from '@rapport/core';
import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `parties.create` builds its result from what it wrote instead of reading the party back: these
// tests hold it to what a read returns, and to the checks the read used to make.
describe('parties.create', () => {
  let env: TestCrm<[]>;
  let org: OrgFixture;
  let ctx: CallContext;

  beforeAll(async () => {
    env = await createTestCrm({ parties: { defaultRegion: 'DE' } });
    org = await seedOrganisation(env.crm);
    ctx = org.system;
  });
  afterAll(() => env?.close());

  it('returns exactly what reading the party back returns', async () => {
    const { party: acme } = await env.crm.services.parties.create(ctx, {
      kind: 'organization',
      organizationName: 'Acme Tools',
    });
    await env.crm.services.customFields.define(ctx, { key: 'tier', type: 'text', label: 'Tier' });
    const { party } = await env.crm.services.parties.create(ctx, {
      kind: 'person',
      givenName: 'Grace',
      familyName: 'Hopper',
      lifecycle: 'customer',
      roles: ['lead', { role: 'contact_person', organizationId: acme.id }],
      tags: ['b', 'a'],
      custom: { tier: 'gold' },
      source: { channel: 'fair', campaign: 'cebit', referrerId: acme.id },
      contactPoints: [
        { kind: 'phone', value: '030 1234567', label: 'office' },
        { kind: 'email', value: 'grace@hopper.test' },
        { kind: 'phone', value: '(5) 555-4729' },
        { kind: 'email', value: 'g.hopper@navy.test', primary: true },
        { kind: 'address', city: 'Arlington', country: 'USA' },
        { kind: 'website', value: 'https://hopper.test/about' },
      ],
      dates: [
        { kind: 'custom', label: 'first program', month: 12, day: 9 },
        { kind: 'birthday', month: 12, day: 9, year: 1906 },
        { kind: 'anniversary', month: 6, day: 15 },
      ],
      consents: [{ channel: 'email', status: 'opted_in' }],
    });
    expect(party).toEqual(await env.crm.services.parties.get(ctx, party.id));
    expect(party.contactPoints.filter((cp) => cp.kind === 'email').map((cp) => cp.primary)).toEqual([
      true,
      false,
    ]);
  });

  it('refuses a party without a required custom field of the tenant and writes nothing', async () => {
    const other = await seedOrganisation(env.crm, 'Required Co');
    await env.crm.services.customFields.define(other.system, {
      key: 'vatClass',
      type: 'enum',
      label: 'VAT class',
      allowed: ['standard', 'reduced'],
      required: true,
    });
    const error = await env.crm.services.parties
      .create(other.system, { kind: 'person', givenName: 'No', familyName: 'Class' })
      .catch((e: unknown) => e);
    expect(RapportError.is(error, 'INVALID_DATA')).toBe(true);
    expect((error as RapportError).details).toMatchObject({ issues: [{ path: 'custom.vatClass' }] });
    const given = await env.crm.services.parties.create(other.system, {
      kind: 'person',
      givenName: 'With',
      familyName: 'Class',
      custom: { vatClass: 'reduced' },
    });
    expect(given.party.custom).toEqual({ vatClass: 'reduced' });
    const written = await env.crm.transaction(other.system, (tx) =>
      tx.sql<{ n: number }>('select count(*)::int as n from core_party where tenant_id = $1', [
        other.tenantId,
      ]),
    );
    expect(written[0]!.n).toBe(1);
  });

  it('refuses an agent a party they could not see once made, and writes nothing', async () => {
    const error = await env.crm.services.parties
      .create(org.as(org.carol), {
        kind: 'person',
        givenName: 'Hidden',
        familyName: 'FromCarol',
        ownerId: org.alice.id,
        contactPoints: [{ kind: 'email', value: 'hidden@carol.test' }],
      })
      .catch((e: unknown) => e);
    expect(RapportError.is(error, 'NOT_ALLOWED')).toBe(true);
    const later = await env.crm.services.parties.create(ctx, {
      kind: 'person',
      givenName: 'Later',
      contactPoints: [{ kind: 'email', value: 'hidden@carol.test' }],
    });
    expect(later.created).toBe(true);
  });

  it('tells an agent about a duplicate before refusing a party they could not see', async () => {
    await env.crm.services.parties.create(ctx, {
      kind: 'person',
      givenName: 'Held',
      contactPoints: [{ kind: 'email', value: 'held@carol.test' }],
    });
    const error = await env.crm.services.parties
      .create(org.as(org.carol), {
        kind: 'person',
        givenName: 'Again',
        ownerId: org.alice.id,
        contactPoints: [{ kind: 'email', value: 'held@carol.test' }],
      })
      .catch((e: unknown) => e);
    expect(RapportError.is(error, 'DUPLICATE')).toBe(true);
  });

  it('reports similar names in the same city from the same statement', async () => {
    const first = await env.crm.services.parties.create(ctx, {
      kind: 'person',
      givenName: 'Thomas',
      familyName: 'Müller',
      contactPoints: [{ kind: 'address', city: 'Bonn', country: 'DE' }],
    });
    const second = await env.crm.services.parties.create(ctx, {
      kind: 'person',
      givenName: 'Tomas',
      familyName: 'Müller',
      contactPoints: [{ kind: 'address', city: 'Bonn', country: 'DE' }],
    });
    expect(second.warnings).toMatchObject([{ partyId: first.party.id, reason: 'same_city' }]);
    expect(second.warnings[0]!.similarity).toBeGreaterThan(0.55);
  });
});
