import type { CallContext, DuplicatePair, PartyInput } from '@rapport/core';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('duplicates report', () => {
  let env: TestCrm<[]>;
  let ctx: CallContext;
  let other: CallContext;
  const ids: Record<string, string> = {};
  let n = 0;

  const create = async (key: string, input: Partial<PartyInput> & { city?: string }, on = ctx) => {
    n += 1;
    const { city, ...rest } = input;
    const party = (
      await env.crm.services.parties.create(on, {
        kind: 'person',
        ...rest,
        contactPoints: [
          { kind: 'email', value: `p${n}@example.com` },
          ...(city ? [{ kind: 'address' as const, city, country: 'DE' }] : []),
        ],
      } as PartyInput)
    ).party;
    ids[key] = party.id;
    return party;
  };
  const names = (pairs: DuplicatePair[]) =>
    pairs.map((p) =>
      p.parties
        .map((party) => party.displayName)
        .sort()
        .join(' ~ '),
    );
  const pairOf = (pairs: DuplicatePair[], a: string, b: string) =>
    pairs.find(
      (p) =>
        p.parties
          .map((x) => x.id)
          .sort()
          .join() === [ids[a], ids[b]].sort().join(),
    );

  beforeAll(async () => {
    env = await createTestCrm();
    const acme = await env.crm.services.tenants.create({ name: 'Acme' });
    const globex = await env.crm.services.tenants.create({ name: 'Globex' });
    ctx = env.crm.context({ tenantId: acme.id, actor: { kind: 'system', name: 'test' } });
    other = env.crm.context({ tenantId: globex.id, actor: { kind: 'system', name: 'test' } });
    await create('jonathan', { givenName: 'Jonathan', familyName: 'Meyerhoff', city: 'Berlin' });
    await create('jonathon', { givenName: 'Jonathon', familyName: 'Meyerhof', city: 'Berlin' });
    await create('jonathanMunich', { givenName: 'Jonathen', familyName: 'Meierhoff', city: 'München' });
    await create('katharina', { givenName: 'Katharina', familyName: 'Schulze-Brandt', city: 'Hamburg' });
    await create('unrelated', { givenName: 'Wilhelmine', familyName: 'Okonkwo', city: 'Berlin' });
    const org = (
      await env.crm.services.parties.create(ctx, { kind: 'organization', organizationName: 'Globex Labs' })
    ).party;
    ids.org = org.id;
    await create('contactA', {
      givenName: 'Friederike',
      familyName: 'Vandenberg',
      roles: [{ role: 'contact_person', organizationId: org.id }],
    });
    await create('contactB', {
      givenName: 'Frederike',
      familyName: 'Vandenberg',
      roles: [{ role: 'contact_person', organizationId: org.id }],
    });
    await create('worker', { givenName: 'Friederike', familyName: 'Vandenburg' });
    await env.crm.services.relationships.relate(ctx, { type: 'works_at', fromId: ids.worker!, toId: org.id });
    await create('twinA', { givenName: 'Peter', familyName: 'Okafor', city: 'Köln' });
    await create('twinB', { givenName: 'Peter', familyName: 'Okafor', city: 'Dresden' });
    // The same name as an organisation is not the same party.
    await env.crm.services.parties.create(ctx, {
      kind: 'organization',
      organizationName: 'Jonathan Meyerhoff',
      contactPoints: [{ kind: 'address', city: 'Berlin', country: 'DE' }],
    });
    // Another tenant's near-twin is never paired with ours.
    await create('foreign', { givenName: 'Jonathan', familyName: 'Meyerhoff', city: 'Berlin' }, other);
  });
  afterAll(() => env?.close());

  it('finds similar names in the same city, with the score and the reason', async () => {
    const { pairs } = await env.crm.services.duplicates.findDuplicates(ctx, { threshold: 0.5, limit: 100 });
    const pair = pairOf(pairs, 'jonathan', 'jonathon');
    expect(pair).toMatchObject({ reason: 'same_city', reasons: ['same_city'] });
    expect(pair!.similarity).toBeGreaterThanOrEqual(0.5);
    expect(pair!.similarity).toBeLessThan(1);
    expect(pair!.parties.map((p) => p.city)).toEqual(['Berlin', 'Berlin']);
  });

  it('does not pair similar names in different cities', async () => {
    const { pairs } = await env.crm.services.duplicates.findDuplicates(ctx, { threshold: 0.3, limit: 100 });
    expect(pairOf(pairs, 'jonathan', 'jonathanMunich')).toBeUndefined();
    expect(pairOf(pairs, 'jonathon', 'jonathanMunich')).toBeUndefined();
    expect(pairOf(pairs, 'jonathan', 'unrelated')).toBeUndefined();
  });

  it('finds similar names among the contact persons of, and the people working at, one organisation', async () => {
    const { pairs } = await env.crm.services.duplicates.findDuplicates(ctx, { threshold: 0.5, limit: 100 });
    expect(pairOf(pairs, 'contactA', 'contactB')).toMatchObject({ reason: 'same_organization' });
    expect(pairOf(pairs, 'contactA', 'worker')).toMatchObject({ reason: 'same_organization' });
  });

  it('pairs parties with exactly the same name wherever they are, never across kinds or tenants', async () => {
    const { pairs } = await env.crm.services.duplicates.findDuplicates(ctx, { limit: 100 });
    expect(pairOf(pairs, 'twinA', 'twinB')).toMatchObject({ reason: 'same_name', similarity: 1 });
    for (const pair of pairs) {
      expect(pair.parties[0].kind).toBe(pair.parties[1].kind);
      expect(pair.parties.map((p) => p.id)).not.toContain(ids.foreign);
    }
  });

  it('leaves out pairs below the threshold', async () => {
    const { pairs } = await env.crm.services.duplicates.findDuplicates(ctx, { threshold: 0.95, limit: 100 });
    expect(names(pairs)).toEqual(['Peter Okafor ~ Peter Okafor']);
  });

  it('orders pairs by score and pages through them without gaps or repeats', async () => {
    const all = (await env.crm.services.duplicates.findDuplicates(ctx, { threshold: 0.4, limit: 100 })).pairs;
    expect(all.length).toBeGreaterThanOrEqual(4);
    const scores = all.map((p) => p.similarity);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const paged: DuplicatePair[] = [];
    let page = await env.crm.services.duplicates.findDuplicates(ctx, { threshold: 0.4, limit: 1 });
    paged.push(...page.pairs);
    while (page.next) {
      page = await env.crm.services.duplicates.findDuplicates(ctx, { after: page.next, limit: 1 });
      paged.push(...page.pairs);
    }
    expect(paged).toEqual(all);
  });

  it('refuses a cursor it did not make', async () => {
    await expect(
      env.crm.services.duplicates.findDuplicates(ctx, { after: 'not-a-cursor' }),
    ).rejects.toMatchObject({ code: 'INVALID_DATA', details: { issues: [{ path: 'after' }] } });
  });
});
