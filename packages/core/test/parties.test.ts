import { type CallContext, DuplicatePartyError, RapportError } from '@rapport/core';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('parties', () => {
  let env: TestCrm<[]>;
  let ctx: CallContext;
  let other: CallContext;

  beforeAll(async () => {
    env = await createTestCrm({ parties: { defaultRegion: 'DE' } });
    const acme = await env.crm.services.tenants.create({ name: 'Acme' });
    const globex = await env.crm.services.tenants.create({ name: 'Globex' });
    ctx = env.crm.context({ tenantId: acme.id, actor: { kind: 'system', name: 'test' } });
    other = env.crm.context({ tenantId: globex.id, actor: { kind: 'system', name: 'test' } });
  });
  afterAll(() => env?.close());

  it('creates a person with normalised contact points, roles, consent and dates', async () => {
    const { party, created } = await env.crm.services.parties.create(ctx, {
      kind: 'person',
      givenName: 'Ada',
      familyName: 'Lovelace',
      roles: ['lead'],
      tags: ['VIP', 'vip'],
      source: { channel: 'web-form', campaign: 'spring' },
      contactPoints: [
        { kind: 'email', value: '  Ada@Example.COM ' },
        { kind: 'phone', value: '030 1234567' },
        { kind: 'address', street: 'Unter den Linden 1', postalCode: '10117', city: 'Berlin', country: 'de' },
      ],
      consents: [{ channel: 'email', status: 'opted_in', source: 'web form' }],
      dates: [{ kind: 'birthday', month: 12, day: 10, year: 1815 }],
    });
    expect(created).toBe(true);
    expect(party.displayName).toBe('Ada Lovelace');
    expect(party.lifecycle).toBe('lead');
    expect(party.tags).toEqual(['vip']);
    expect(party.city).toBe('Berlin');
    expect(party.contactPoints.map((cp) => [cp.kind, cp.value, cp.primary])).toEqual([
      ['address', 'Unter den Linden 1, 10117 Berlin, DE', true],
      ['email', 'ada@example.com', true],
      ['phone', '+49301234567', true],
    ]);
    expect(party.roles.map((r) => r.role)).toEqual(['lead']);
    expect(party.dates).toMatchObject([{ kind: 'birthday', month: 12, day: 10, year: 1815 }]);
    expect(await env.crm.services.contactPoints.consentStatus(ctx, party.id, 'email')).toBe('opted_in');
  });

  it('refuses a duplicate email with a typed error naming the existing party', async () => {
    const error = await env.crm.services.parties
      .create(ctx, {
        kind: 'person',
        givenName: 'Other',
        contactPoints: [{ kind: 'email', value: 'ADA@example.com' }],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicatePartyError);
    expect((error as DuplicatePartyError).matches).toMatchObject([
      { kind: 'email', value: 'ada@example.com', displayName: 'Ada Lovelace' },
    ]);
  });

  it('does not treat a party of another tenant as a duplicate', async () => {
    const { created } = await env.crm.services.parties.create(other, {
      kind: 'person',
      givenName: 'Ada',
      contactPoints: [{ kind: 'email', value: 'ada@example.com' }],
    });
    expect(created).toBe(true);
  });

  it('gives one party and one duplicate error for two concurrent creates of the same customer', async () => {
    const input = {
      kind: 'person' as const,
      familyName: 'Concurrent',
      contactPoints: [{ kind: 'email' as const, value: 'race@example.com' }],
    };
    const results = await Promise.allSettled([
      env.crm.services.parties.create(ctx, input),
      env.crm.services.parties.create(ctx, input),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(rejected).toHaveLength(1);
    expect(RapportError.is(rejected[0]!.reason, 'DUPLICATE')).toBe(true);
  });

  it('lists every bad field of an invalid party and writes nothing', async () => {
    const error = await env.crm.services.parties
      .create(ctx, {
        kind: 'person',
        givenName: 'Bad',
        contactPoints: [
          { kind: 'email', value: 'not-an-email' },
          { kind: 'phone', value: '12' },
        ],
        custom: { nope: 1 },
      })
      .catch((e: unknown) => e);
    expect(RapportError.is(error, 'INVALID_DATA')).toBe(true);
    const paths = ((error as RapportError).details.issues as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['contactPoints.0.value', 'contactPoints.1.value']));
  });

  it('links to the existing party when asked, instead of refusing', async () => {
    const { party, created } = await env.crm.services.parties.create(
      ctx,
      {
        kind: 'person',
        givenName: 'Ada',
        roles: ['partner'],
        tags: ['events'],
        contactPoints: [
          { kind: 'email', value: 'ada@example.com' },
          { kind: 'email', value: 'ada.work@example.com' },
        ],
      },
      { onDuplicate: 'link' },
    );
    expect(created).toBe(false);
    expect(party.displayName).toBe('Ada Lovelace');
    expect(party.roles.map((r) => r.role).sort()).toEqual(['lead', 'partner']);
    expect(party.tags.sort()).toEqual(['events', 'vip']);
    expect(party.contactPoints.filter((cp) => cp.kind === 'email').map((cp) => cp.value)).toEqual([
      'ada@example.com',
      'ada.work@example.com',
    ]);
  });

  it('records field-level history and enforces the expected version', async () => {
    const { party } = await env.crm.services.parties.create(ctx, {
      kind: 'organization',
      organizationName: 'Initech',
      taxNumber: 'de 123.456',
    });
    expect(party.taxNumber).toBe('DE123456');
    const updated = await env.crm.services.parties.update(
      ctx,
      party.id,
      { organizationName: 'Initech GmbH' },
      { expectedVersion: party.version },
    );
    expect(updated.displayName).toBe('Initech GmbH');
    await expect(
      env.crm.services.parties.update(ctx, party.id, { legalName: 'x' }, { expectedVersion: party.version }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const history = await env.crm.services.parties.history(ctx, party.id);
    expect(history[0]).toMatchObject({
      operation: 'update',
      changes: { organizationName: ['Initech', 'Initech GmbH'], displayName: ['Initech', 'Initech GmbH'] },
    });
  });

  it('moves a lead through its lifecycle and keeps the roles dated', async () => {
    const { party } = await env.crm.services.parties.create(ctx, {
      kind: 'person',
      familyName: 'Prospect',
      roles: ['lead'],
    });
    await env.crm.services.lifecycle.qualify(ctx, party.id);
    const customer = await env.crm.services.lifecycle.convert(ctx, party.id);
    expect(customer.lifecycle).toBe('customer');
    expect(customer.roles.map((r) => r.role)).toEqual(['customer']);
    await expect(env.crm.services.lifecycle.lose(ctx, party.id, 'price')).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const roles = await env.crm.services.lifecycle.roleHistory(ctx, party.id);
    expect(roles.map((r) => [r.role, r.validTo !== null, r.endReason])).toEqual([
      ['lead', true, 'converted'],
      ['customer', false, null],
    ]);
  });

  it('relates parties in both directions', async () => {
    const { party: person } = await env.crm.services.parties.create(ctx, {
      kind: 'person',
      familyName: 'Worker',
    });
    const { party: org } = await env.crm.services.parties.create(ctx, {
      kind: 'organization',
      organizationName: 'Employer',
    });
    await env.crm.services.relationships.relate(ctx, { type: 'works_at', fromId: person.id, toId: org.id });
    const fromOrg = await env.crm.services.relationships.listFor(ctx, org.id);
    expect(fromOrg).toMatchObject([{ label: 'employs', direction: 'incoming', otherDisplayName: 'Worker' }]);
    await expect(
      env.crm.services.relationships.relate(ctx, { type: 'works_at', fromId: person.id, toId: org.id }),
    ).rejects.toMatchObject({ code: 'DUPLICATE' });
  });

  it('lists upcoming dates across the year end', async () => {
    const { party } = await env.crm.services.parties.create(ctx, {
      kind: 'person',
      familyName: 'Newyear',
      dates: [{ kind: 'birthday', month: 1, day: 2 }],
    });
    const upcoming = await env.crm.services.partyDates.upcoming(ctx, {
      from: new Date('2026-12-30T10:00:00Z'),
      days: 5,
    });
    expect(upcoming.find((d) => d.partyId === party.id)?.occursOn).toBe('2027-01-02');
  });

  it('validates custom fields defined per tenant', async () => {
    await env.crm.services.customFields.define(ctx, {
      key: 'segment',
      type: 'enum',
      label: 'Segment',
      allowed: ['smb', 'enterprise'],
    });
    const { party } = await env.crm.services.parties.create(ctx, {
      kind: 'organization',
      organizationName: 'Custom Co',
      custom: { segment: 'smb' },
    });
    expect(party.custom).toEqual({ segment: 'smb' });
    await expect(
      env.crm.services.parties.update(ctx, party.id, { custom: { segment: 'huge' } }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [{ path: 'custom.segment' }] },
    });
  });
});
