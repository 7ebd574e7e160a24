import { type CallContext, type Filter, f, InvalidDataError, RapportError } from '@rapport/core';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Month and day `days` from today (UTC). */
function dayFromToday(days: number): { month: number; day: number } {
  const d = new Date(Date.now() + days * 86_400_000);
  return { month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const address = (city: string) => ({ kind: 'address' as const, street: 'Main 1', city, country: 'DE' });

describe('segments', () => {
  let env: TestCrm<[]>;
  let ctx: CallContext;
  let other: CallContext;
  const id: Record<string, string> = {};
  let OWNER_A: string;
  let OWNER_B: string;
  let TEAM: string;

  const names = async (filter: Filter, c: CallContext = ctx): Promise<string[]> => {
    const { items, nextCursor } = await env.crm.services.segments.query(c, filter, { limit: 1000 });
    expect(nextCursor).toBeNull();
    expect(await env.crm.services.segments.count(c, filter)).toBe(items.length);
    return items.map((p) => p.displayName).sort();
  };
  const invalid = async (filter: unknown) => {
    const error = await env.crm.services.segments.count(ctx, filter as Filter).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as InvalidDataError).code).toBe('INVALID_DATA');
    return (error as InvalidDataError).issues;
  };

  beforeAll(async () => {
    env = await createTestCrm({ parties: { defaultRegion: 'DE' } });
    const acme = await env.crm.services.tenants.create({ name: 'Acme' });
    const globex = await env.crm.services.tenants.create({ name: 'Globex' });
    ctx = env.crm.context({ tenantId: acme.id, actor: { kind: 'system', name: 'test' } });
    other = env.crm.context({ tenantId: globex.id, actor: { kind: 'system', name: 'test' } });
    const { customFields, parties, relationships, contactPoints, departments, employees } = env.crm.services;
    TEAM = (await departments.create(ctx, { name: 'Sales' })).id;
    OWNER_A = (await employees.create(ctx, { name: 'Agent A', departmentId: TEAM })).id;
    OWNER_B = (await employees.create(ctx, { name: 'Agent B', departmentId: TEAM })).id;
    for (const c of [ctx, other])
      await customFields.define(c, { key: 'score', type: 'number', label: 'Score' });
    await customFields.define(ctx, { key: 'tier', type: 'enum', label: 'Tier', allowed: ['gold', 'silver'] });
    await customFields.define(ctx, { key: 'newsletter', type: 'boolean', label: 'Newsletter' });
    await customFields.define(ctx, { key: 'since', type: 'date', label: 'Customer since' });
    await customFields.define(ctx, { key: 'notes', type: 'text', label: 'Notes' });
    await customFields.define(ctx, {
      key: 'interests',
      type: 'multi_enum',
      label: 'Interests',
      allowed: ['golf', 'wine', 'art'],
    });
    const create = async (key: string, input: Parameters<typeof parties.create>[1], c = ctx) => {
      id[key] = (await parties.create(c, input)).party.id;
    };
    await create('org', {
      kind: 'organization',
      organizationName: 'Acme GmbH',
      roles: ['partner'],
      tags: ['partner'],
      contactPoints: [address('Hamburg')],
    });
    await create('ada', {
      kind: 'person',
      givenName: 'Ada',
      familyName: 'Lovelace',
      roles: ['lead'],
      tags: ['vip'],
      ownerId: OWNER_A,
      source: { channel: 'web-form', campaign: 'spring' },
      custom: { score: 90, tier: 'gold', newsletter: true, since: '2020-01-15', interests: ['golf', 'wine'] },
      contactPoints: [{ kind: 'email', value: 'ada@example.com' }, address('Berlin')],
      dates: [{ kind: 'birthday', ...dayFromToday(3) }],
    });
    await create('bob', {
      kind: 'person',
      givenName: 'Bob',
      familyName: 'Builder',
      lifecycle: 'customer',
      tags: ['vip', 'partner'],
      ownerId: OWNER_B,
      teamId: TEAM,
      source: { channel: 'fair', referrerId: id.ada },
      custom: { score: 40, tier: 'silver', newsletter: false, since: '2023-06-01', interests: ['art'] },
      contactPoints: [{ kind: 'phone', value: '030 1234567' }, address('Munich')],
      dates: [{ kind: 'birthday', ...dayFromToday(40) }],
    });
    await create('carol', {
      kind: 'person',
      displayName: 'Carol 100%_Sales',
      lifecycle: 'qualified',
      custom: { score: 80, notes: 'likes 100% cotton' },
      contactPoints: [{ kind: 'email', value: 'carol@example.com' }, address('Berlin')],
    });
    await create('dan', {
      kind: 'person',
      givenName: 'Dan',
      familyName: "O'Brien",
      tags: ['vip'],
      ownerId: OWNER_A,
      custom: { notes: "Robert'); drop table core_party;--" },
      dates: [{ kind: 'anniversary', month: 2, day: 29 }],
    });
    await create(
      'far',
      {
        kind: 'person',
        givenName: 'Far',
        tags: ['vip'],
        custom: { score: 95 },
        contactPoints: [address('Berlin')],
      },
      other,
    );
    await relationships.relate(ctx, { type: 'works_at', fromId: id.ada!, toId: id.org! });
    const bobJob = await relationships.relate(ctx, { type: 'works_at', fromId: id.bob!, toId: id.org! });
    await relationships.end(ctx, bobJob.id);
    await relationships.relate(ctx, { type: 'spouse_of', fromId: id.carol!, toId: id.dan! });
    const carol = await parties.get(ctx, id.carol!);
    await contactPoints.markInvalid(
      ctx,
      carol.contactPoints.find((cp) => cp.kind === 'email')!.id,
      'bounced',
    );
  });
  afterAll(() => env?.close());

  it('matches text fields by equality, lists, case-insensitive contains and startsWith', async () => {
    expect(await names(f.field('city').eq('Berlin'))).toEqual(['Ada Lovelace', 'Carol 100%_Sales']);
    expect(await names(f.field('city').in(['Munich', 'Hamburg']))).toEqual(['Acme GmbH', 'Bob Builder']);
    expect(await names(f.field('displayName').contains('LOVE'))).toEqual(['Ada Lovelace']);
    expect(await names(f.field('displayName').startsWith('b'))).toEqual(['Bob Builder']);
    expect(await names(f.field('city').isNull())).toEqual(["Dan O'Brien"]);
  });

  it('treats % and _ in a pattern as literal characters', async () => {
    expect(await names(f.field('displayName').contains('%_'))).toEqual(['Carol 100%_Sales']);
    expect(await names(f.field('displayName').contains('_'))).toEqual(['Carol 100%_Sales']);
  });

  it('counts parties without the value as not equal, and not() as the exact complement', async () => {
    const all = await names(f.all());
    const berlin = await names(f.field('city').eq('Berlin'));
    expect(await names(f.field('city').neq('Berlin'))).toEqual(all.filter((n) => !berlin.includes(n)));
    expect(await names(f.not(f.field('city').eq('Berlin')))).toEqual(all.filter((n) => !berlin.includes(n)));
    expect(await names(f.not(f.custom('score').gte(50)))).toEqual([
      'Acme GmbH',
      'Bob Builder',
      "Dan O'Brien",
    ]);
  });

  it('filters by kind and lifecycle', async () => {
    expect(await names(f.field('kind').eq('organization'))).toEqual(['Acme GmbH']);
    expect(await names(f.field('lifecycle').in(['customer', 'qualified']))).toEqual([
      'Bob Builder',
      'Carol 100%_Sales',
    ]);
    expect(await names(f.field('lifecycle').isNull())).toEqual(['Acme GmbH', "Dan O'Brien"]);
  });

  it('filters by owner and team, including the unowned', async () => {
    expect(await names(f.field('ownerId').eq(OWNER_A))).toEqual(['Ada Lovelace', "Dan O'Brien"]);
    expect(await names(f.field('ownerId').in([OWNER_A, OWNER_B]))).toHaveLength(3);
    expect(await names(f.field('ownerId').isNull())).toEqual(['Acme GmbH', 'Carol 100%_Sales']);
    expect(await names(f.field('teamId').eq(TEAM))).toEqual(['Bob Builder']);
  });

  it('filters by source channel, campaign and referrer', async () => {
    expect(await names(f.field('source.channel').eq('web-form'))).toEqual(['Ada Lovelace']);
    expect(await names(f.field('source.campaign').isNotNull())).toEqual(['Ada Lovelace']);
    expect(await names(f.field('source.referrerId').eq(id.ada!))).toEqual(['Bob Builder']);
  });

  it('filters by tags: has, all, any, none, empty', async () => {
    expect(await names(f.tag('VIP'))).toEqual(['Ada Lovelace', 'Bob Builder', "Dan O'Brien"]);
    expect(await names(f.field('tags').hasAll(['vip', 'partner']))).toEqual(['Bob Builder']);
    expect(await names(f.field('tags').hasAny(['partner', 'nope']))).toEqual(['Acme GmbH', 'Bob Builder']);
    expect(await names(f.field('tags').hasNone(['vip']))).toEqual(['Acme GmbH', 'Carol 100%_Sales']);
    expect(await names(f.field('tags').isEmpty())).toEqual(['Carol 100%_Sales']);
  });

  it('compares numeric custom fields as numbers', async () => {
    expect(await names(f.custom('score').gte(80))).toEqual(['Ada Lovelace', 'Carol 100%_Sales']);
    expect(await names(f.custom('score').between(40, 80))).toEqual(['Bob Builder', 'Carol 100%_Sales']);
    expect(await names(f.custom('score').eq(90))).toEqual(['Ada Lovelace']);
    expect(await names(f.custom('score').in([40, 90]))).toEqual(['Ada Lovelace', 'Bob Builder']);
    expect(await names(f.custom('score').isNull())).toEqual(['Acme GmbH', "Dan O'Brien"]);
  });

  it('filters text, enum, boolean, date and multi-enum custom fields', async () => {
    expect(await names(f.custom('tier').eq('gold'))).toEqual(['Ada Lovelace']);
    expect(await names(f.custom('tier').notIn(['gold']))).toHaveLength(4);
    expect(await names(f.custom('newsletter').eq(false))).toEqual(['Bob Builder']);
    expect(await names(f.custom('since').lt('2021-01-01'))).toEqual(['Ada Lovelace']);
    expect(await names(f.custom('notes').contains('100%'))).toEqual(['Carol 100%_Sales']);
    expect(await names(f.custom('interests').has('wine'))).toEqual(['Ada Lovelace']);
    expect(await names(f.custom('interests').hasAny(['art', 'golf']))).toEqual([
      'Ada Lovelace',
      'Bob Builder',
    ]);
    expect(await names(f.custom('interests').isEmpty())).toHaveLength(3);
  });

  it('filters by current roles, optionally at an organisation', async () => {
    expect(await names(f.role('lead'))).toEqual(['Ada Lovelace', 'Carol 100%_Sales']);
    expect(await names(f.role('customer'))).toEqual(['Bob Builder']);
    expect(await names(f.field('role').hasAny(['partner', 'customer']))).toEqual([
      'Acme GmbH',
      'Bob Builder',
    ]);
    await env.crm.services.lifecycle.addRole(ctx, id.dan!, 'contact_person', { organizationId: id.org! });
    expect(await names(f.role('contact_person', { organizationId: id.org! }))).toEqual(["Dan O'Brien"]);
    await env.crm.services.lifecycle.endRole(ctx, id.dan!, 'contact_person', { organizationId: id.org! });
    expect(await names(f.role('contact_person'))).toEqual([]);
  });

  it('filters by relationships: type, direction, other party, ended ones only on request', async () => {
    expect(await names(f.relationship('works_at').to(id.org!))).toEqual(['Ada Lovelace']);
    expect(await names(f.relationship('works_at').to(id.org!).includingEnded())).toEqual([
      'Ada Lovelace',
      'Bob Builder',
    ]);
    expect(await names(f.relationship('works_at').incoming())).toEqual(['Acme GmbH']);
    expect(await names(f.relationship('works_at').from(id.ada!))).toEqual(['Acme GmbH']);
    expect(await names(f.relationship('spouse_of'))).toEqual(['Carol 100%_Sales', "Dan O'Brien"]);
    expect(await names(f.relationship('spouse_of').with(id.dan!))).toEqual(['Carol 100%_Sales']);
  });

  it('filters by important dates: upcoming birthdays, month, exact day', async () => {
    expect(await names(f.field('birthday').withinNextDays(7))).toEqual(['Ada Lovelace']);
    expect(await names(f.field('birthday').withinNextDays(60))).toEqual(['Ada Lovelace', 'Bob Builder']);
    expect(await names(f.field('birthday').inMonth(dayFromToday(40).month))).toContain('Bob Builder');
    expect(await names(f.field('anniversary').on({ month: 2, day: 29 }))).toEqual(["Dan O'Brien"]);
    expect(await names(f.field('importantDate').exists())).toHaveLength(3);
  });

  it('filters by creation and change time', async () => {
    const all = await names(f.all());
    expect(await names(f.field('createdAt').withinLastDays(1))).toEqual(all);
    expect(await names(f.field('createdAt').lt('2000-01-01'))).toEqual([]);
    const later = new Date(Date.now() + 60_000).toISOString();
    expect(await names(f.field('updatedAt').between('2000-01-01', later))).toEqual(all);
  });

  it('filters by usable contact points (removed and bounced ones do not count)', async () => {
    expect(await names(f.hasContact('email'))).toEqual(['Ada Lovelace']);
    expect(await names(f.hasContact('phone'))).toEqual(['Bob Builder']);
  });

  it('combines conditions with and, or and not', async () => {
    const filter = f.and(
      f.or(f.field('city').eq('Berlin'), f.tag('partner')),
      f.not(f.field('kind').eq('organization')),
    );
    expect(await names(filter)).toEqual(['Ada Lovelace', 'Bob Builder', 'Carol 100%_Sales']);
    expect(await names(f.or())).toEqual([]);
    expect(await names(f.and(f.tag('vip'), f.custom('score').gte(80), f.role('lead')))).toEqual([
      'Ada Lovelace',
    ]);
  });

  it('accepts hand-written JSON filters, as stored or sent over the wire', async () => {
    const json = JSON.parse(
      JSON.stringify(f.and(f.field('city').eq('Berlin'), f.relationship('works_at').to(id.org!))),
    ) as Filter;
    expect(json).toEqual({
      and: [
        { field: 'city', op: 'eq', value: 'Berlin' },
        {
          field: 'relationship',
          op: 'exists',
          value: { type: 'works_at', direction: 'outgoing', partyId: id.org },
        },
      ],
    });
    expect(await names(json)).toEqual(['Ada Lovelace']);
  });

  it('returns whole parties with their contact points, roles and dates', async () => {
    const { items } = await env.crm.services.segments.query(ctx, f.field('id').eq(id.ada!));
    expect(items[0]).toMatchObject({
      displayName: 'Ada Lovelace',
      custom: { score: 90 },
      roles: [{ role: 'lead' }],
      dates: [{ kind: 'birthday' }],
    });
    expect(items[0]!.contactPoints.map((cp) => cp.kind)).toEqual(['address', 'email']);
  });

  it('never counts or returns parties of another tenant', async () => {
    const filter = f.and(f.tag('vip'), f.custom('score').gte(80));
    expect(await names(filter)).toEqual(['Ada Lovelace']);
    expect(await names(filter, other)).toEqual(['Far']);
    expect(await names(f.field('id').eq(id.far!))).toEqual([]);
  });

  it('treats an SQL injection attempt in a value as data', async () => {
    const attack = "x'); drop table core_party; --";
    expect(await names(f.field('displayName').eq(attack))).toEqual([]);
    expect(await names(f.field('city').contains("' or 1=1 --"))).toEqual([]);
    expect(await names(f.custom('notes').eq("Robert'); drop table core_party;--"))).toEqual(["Dan O'Brien"]);
    expect(await names(f.field('tags').hasAny([attack, "vip'}"]))).toEqual([]);
    expect(await env.crm.services.segments.count(ctx, f.all())).toBe(5);
  });

  it('refuses unknown fields, operators and ill-typed values with their paths', async () => {
    const issues = await invalid({
      and: [
        { field: 'city', op: 'eq', value: 'Berlin' },
        { field: 'cty', op: 'eq', value: 'Berlin' },
        { or: [{ field: 'city', op: 'gte', value: 'B' }] },
        { field: 'custom.nope', op: 'eq', value: 1 },
        { field: 'custom.score', op: 'gte', value: 'eighty' },
        { not: { field: 'ownerId', op: 'eq', value: 'not-a-uuid' } },
        { field: 'lifecycle', op: 'eq', value: 'prospect' },
        { field: 'tags', op: 'isEmpty', value: 'x' },
        { field: 'custom.score; drop table core_party', op: 'eq', value: 1 },
        { field: 'constructor', op: 'eq', value: 1 },
      ],
    });
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['filter.and.1.field', 'unknown_field'],
      ['filter.and.2.or.0.op', 'unknown_operator'],
      ['filter.and.3.field', 'unknown_field'],
      ['filter.and.4.value', 'invalid_type'],
      ['filter.and.5.not.value', 'invalid_format'],
      ['filter.and.6.value', 'invalid_value'],
      ['filter.and.7.value', 'unrecognized_keys'],
      ['filter.and.8.field', 'unknown_field'],
      ['filter.and.9.field', 'unknown_field'],
    ]);
  });

  it('refuses malformed filter structures, unknown relationship types and bad page options', async () => {
    expect((await invalid({ and: 'x' })).map((i) => i.path)).toEqual(['filter.and']);
    expect((await invalid({ field: 'city', op: 'eq', value: 'x', extra: 1 })).map((i) => i.path)).toEqual([
      'filter.extra',
    ]);
    expect((await invalid({ and: [], or: [] })).map((i) => i.path)).toEqual(['filter.or']);
    expect((await invalid(f.relationship('married_to'))).map((i) => i.path)).toEqual(['filter.value.type']);
    expect((await invalid(42)).map((i) => i.path)).toEqual(['filter']);
    const error = await env.crm.services.segments
      .query(ctx, f.all(), { limit: 0, after: 'garbage' })
      .catch((e: unknown) => e);
    expect((error as InvalidDataError).issues.map((i) => i.path)).toEqual(['limit']);
    const cursor = await env.crm.services.segments
      .query(ctx, f.all(), { after: 'garbage' })
      .catch((e: unknown) => e);
    expect((cursor as InvalidDataError).issues).toMatchObject([{ path: 'after', code: 'invalid_cursor' }]);
  });

  describe('pages', () => {
    const paged = f.tag('paged');
    const all = async (
      order: 'id' | 'displayName',
      direction: 'asc' | 'desc',
      onPage?: (n: number) => Promise<void>,
    ) => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let n = 0; n < 100; n++) {
        const page = await env.crm.services.segments.query(ctx, paged, {
          limit: 4,
          after,
          orderBy: order,
          direction,
        });
        expect(page.items.length).toBeLessThanOrEqual(4);
        seen.push(...page.items.map((p) => p.id));
        await onPage?.(n);
        after = page.nextCursor;
        if (!after) return seen;
      }
      throw new Error('no last page');
    };
    const createPaged = async (displayName: string) =>
      (await env.crm.services.parties.create(ctx, { kind: 'person', displayName, tags: ['paged'] })).party.id;

    beforeAll(async () => {
      for (const name of [
        'delta',
        'Alpha',
        'alpha',
        'ALPHA',
        'Écho',
        'bravo',
        'Charlie',
        'zulu',
        'Mike',
        'kilo',
        'Alpha',
      ])
        await createPaged(name);
    });

    it('pages by id with neither duplicates nor gaps, even when parties are added between pages', async () => {
      const before = (await env.crm.services.segments.query(ctx, paged, { limit: 1000 })).items.map(
        (p) => p.id,
      );
      const added: string[] = [];
      const seen = await all('id', 'asc', async (n) => {
        if (n === 0) added.push(await createPaged('Added A'), await createPaged('Added B'));
      });
      expect(seen).toEqual([...before, ...added]);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual([...seen].sort());
      expect(await env.crm.services.segments.count(ctx, paged)).toBe(seen.length);
    });

    it('pages newest first', async () => {
      const asc = await all('id', 'asc');
      expect(await all('id', 'desc')).toEqual([...asc].reverse());
    });

    it('pages by display name, case-insensitively, ties broken by id, in both directions', async () => {
      const full = await env.crm.services.segments.query(ctx, paged, { limit: 1000, orderBy: 'displayName' });
      const seen = await all('displayName', 'asc');
      expect(seen).toEqual(full.items.map((p) => p.id));
      const alphas = full.items.filter((p) => p.displayName.toLowerCase() === 'alpha').map((p) => p.id);
      expect(alphas).toHaveLength(4);
      expect(alphas).toEqual([...alphas].sort());
      expect(full.items[0]!.displayName.toLowerCase()).toBe('added a');
      expect(await all('displayName', 'desc')).toEqual([...seen].reverse());
    });

    it('refuses a cursor made for another order', async () => {
      const { nextCursor } = await env.crm.services.segments.query(ctx, paged, { limit: 2 });
      const error = await env.crm.services.segments
        .query(ctx, paged, { after: nextCursor, orderBy: 'displayName' })
        .catch((e: unknown) => e);
      expect((error as InvalidDataError).issues).toMatchObject([{ path: 'after', code: 'invalid_cursor' }]);
    });
  });

  describe('saved segments', () => {
    it('round-trips a saved segment, normalised, and lists its members', async () => {
      const { segments } = env.crm.services;
      const saved = await segments.save(ctx, {
        name: ' VIP high scorers ',
        filter: f.and(f.tag('VIP'), f.custom('score').gte(80)),
      });
      expect(saved).toMatchObject({
        name: 'VIP high scorers',
        filter: {
          and: [
            { field: 'tags', op: 'has', value: 'vip' },
            { field: 'custom.score', op: 'gte', value: 80 },
          ],
        },
      });
      expect(await segments.get(ctx, saved.id)).toEqual(saved);
      expect((await segments.list(ctx)).map((s) => s.name)).toContain('VIP high scorers');
      const members = await segments.members(ctx, saved.id, { limit: 10 });
      expect(members.items.map((p) => p.displayName)).toEqual(['Ada Lovelace']);
      expect(await segments.countMembers(ctx, saved.id)).toBe(1);

      const updated = await segments.update(ctx, saved.id, { filter: f.tag('vip') });
      expect(updated.name).toBe('VIP high scorers');
      expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(saved.updatedAt.getTime());
      expect(await segments.countMembers(ctx, saved.id)).toBe(3);
      const renamed = await segments.update(ctx, saved.id, { name: 'VIPs' });
      expect(renamed.filter).toEqual(updated.filter);
    });

    it('refuses a second segment of the same name, on save and on rename', async () => {
      const { segments } = env.crm.services;
      await segments.save(ctx, { name: 'Berlin', filter: f.field('city').eq('Berlin') });
      const second = await segments.save(ctx, { name: 'Hamburg', filter: f.field('city').eq('Hamburg') });
      const dup = await segments.save(ctx, { name: 'Berlin', filter: f.all() }).catch((e: unknown) => e);
      expect(RapportError.is(dup, 'DUPLICATE')).toBe(true);
      const rename = await segments.update(ctx, second.id, { name: 'Berlin' }).catch((e: unknown) => e);
      expect(RapportError.is(rename, 'DUPLICATE')).toBe(true);
      await segments.save(other, { name: 'Berlin', filter: f.all() });
    });

    it('validates the filter on save', async () => {
      const error = await env.crm.services.segments
        .save(ctx, { name: 'Broken', filter: { field: 'custom.nope', op: 'eq', value: 1 } })
        .catch((e: unknown) => e);
      expect((error as InvalidDataError).issues.map((i) => i.path)).toEqual(['filter.field']);
    });

    it('validates a saved filter again on use', async () => {
      const [row] = await env.crm.transaction(ctx, (tx) =>
        tx.sql<{ id: string }>(
          `insert into core_segment (tenant_id, id, name, filter) values ($1, gen_random_uuid(), 'Stale', $2) returning id`,
          [tx.tenantId, JSON.stringify({ field: 'custom.retired', op: 'eq', value: true })],
        ),
      );
      const error = await env.crm.services.segments.countMembers(ctx, row!.id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidDataError);
      expect((error as InvalidDataError).message).toContain('Stale');
      expect((error as InvalidDataError).issues.map((i) => i.path)).toEqual(['filter.field']);
    });

    it('keeps segments per tenant', async () => {
      const { segments } = env.crm.services;
      const mine = await segments.save(ctx, { name: 'All of Acme', filter: f.all() });
      expect(await segments.countMembers(ctx, mine.id)).toBeGreaterThan(0);
      const error = await segments.countMembers(other, mine.id).catch((e: unknown) => e);
      expect(RapportError.is(error, 'NOT_FOUND')).toBe(true);
      const theirs = await segments.save(other, { name: 'All of Globex', filter: f.all() });
      expect(await segments.countMembers(other, theirs.id)).toBe(1);
      expect((await segments.list(other)).map((s) => s.name)).toEqual(['All of Globex', 'Berlin']);
    });

    it('removes a segment', async () => {
      const { segments } = env.crm.services;
      const gone = await segments.save(ctx, { name: 'Temporary', filter: f.all() });
      await segments.remove(ctx, gone.id);
      expect(RapportError.is(await segments.get(ctx, gone.id).catch((e: unknown) => e), 'NOT_FOUND')).toBe(
        true,
      );
    });
  });
});
