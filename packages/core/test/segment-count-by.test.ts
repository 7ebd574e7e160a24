import { type CallContext, type Filter, f, InvalidDataError } from '@rapport/core';
import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Northwind-like customers: [key, name, city, postal code, region, country, owner, tags, segment].
const CUSTOMERS = [
  ['ALFKI', 'Alfreds Futterkiste', 'Berlin', '12209', null, 'DE', 'alice', ['vip'], 'retail'],
  ['ANATR', 'Ana Trujillo Emparedados', 'México D.F.', '05021', null, 'MX', 'bob', [], 'retail'],
  ['ANTON', 'Antonio Moreno Taquería', 'México D.F.', '05023', null, 'MX', 'bob', [], null],
  ['AROUT', 'Around the Horn', 'London', 'WA1 1DP', null, 'GB', 'bob', ['vip'], 'wholesale'],
  ['BERGS', 'Berglunds snabbköp', 'Luleå', 'S-958 22', null, 'SE', 'bob', [], 'wholesale'],
  ['BLAUS', 'Blauer See Delikatessen', 'Mannheim', '68306', null, 'DE', 'alice', [], 'retail'],
  ['BLONP', 'Blondesddsl père et fils', 'Strasbourg', '67000', null, 'FR', 'bob', [], null],
  ['BOLID', 'Bólido Comidas preparadas', 'Madrid', '28023', null, 'ES', 'bob', [], 'retail'],
  ['BONAP', "Bon app'", 'Marseille', '13008', null, 'FR', 'bob', [], 'retail'],
  ['BOTTM', 'Bottom-Dollar Markets', 'Tsawassen', 'T2F 8M4', 'BC', 'CA', 'bob', [], 'wholesale'],
  ['GREAL', 'Great Lakes Food Market', 'Eugene', '97403', 'OR', 'US', 'bob', ['vip'], 'wholesale'],
  ['LONEP', 'Lonesome Pine Restaurant', 'Portland', '97219', 'OR', 'US', 'alice', [], 'retail'],
  ['OLDWO', 'Old World Delicatessen', 'Anchorage', '99508', 'AK', 'US', 'carol', [], 'retail'],
  ['NOADR', 'No Address Ltd', null, null, null, null, null, [], null],
] as const;

describe('segments: address fields, external keys and counts by any field', () => {
  let env: TestCrm<[]>;
  let org: OrgFixture;
  let system: CallContext;

  const names = async (filter: Filter, ctx: CallContext = system) => {
    const { items } = await env.crm.services.segments.query(ctx, filter, { limit: 100 });
    return items.map((p) => p.displayName).sort();
  };
  const countBy = (filter: Filter, field: string, ctx: CallContext = system) =>
    env.crm.services.segments.countBy(ctx, filter, field as 'city');

  beforeAll(async () => {
    env = await createTestCrm();
    org = await seedOrganisation(env.crm, 'Northwind');
    system = org.system;
    await env.crm.services.customFields.define(system, {
      key: 'segment',
      type: 'enum',
      label: 'Segment',
      allowed: ['retail', 'wholesale'],
    });
    const owners = { alice: org.alice.id, bob: org.bob.id, carol: org.carol.id };
    const rows = CUSTOMERS.map(
      ([key, organizationName, city, postalCode, region, country, owner, tags, segment]) => ({
        externalKey: key,
        kind: 'organization',
        organizationName,
        roles: ['customer'],
        tags: [...tags],
        ...(owner ? { ownerId: owners[owner] } : {}),
        ...(segment ? { custom: { segment } } : {}),
        contactPoints: city
          ? [
              {
                kind: 'address',
                street: '1 Main Street',
                city,
                country,
                ...(postalCode ? { postalCode } : {}),
                ...(region ? { region } : {}),
              },
            ]
          : [],
      }),
    );
    const result = await env.crm.services.imports.importRows(system, rows, { source: 'northwind' });
    expect(result.counts).toMatchObject({ created: CUSTOMERS.length });
  });
  afterAll(() => env?.close());

  it('filters by the country, region, city and postal code of any address', async () => {
    expect(await names(f.country('DE'))).toEqual(['Alfreds Futterkiste', 'Blauer See Delikatessen']);
    expect(await names(f.field('address.country').in(['fr', 'ES']))).toEqual([
      'Blondesddsl père et fils',
      "Bon app'",
      'Bólido Comidas preparadas',
    ]);
    expect(await names(f.field('address.region').eq('OR'))).toEqual([
      'Great Lakes Food Market',
      'Lonesome Pine Restaurant',
    ]);
    expect(await names(f.field('address.postalCode').startsWith('97'))).toEqual([
      'Great Lakes Food Market',
      'Lonesome Pine Restaurant',
    ]);
    expect(await names(f.field('address.city').eq('México D.F.'))).toHaveLength(2);
    expect(await names(f.field('address.country').isNull())).toEqual(['No Address Ltd']);
  });

  it('makes a negated address condition the exact complement', async () => {
    const notUs = await names(f.not(f.country('US')));
    const us = await names(f.country('US'));
    expect(us).toHaveLength(3);
    expect(notUs).toHaveLength(CUSTOMERS.length - 3);
    expect(await names(f.field('address.country').neq('US'))).toEqual(notUs);
  });

  it('refuses a country that is not an alpha-2 code, naming the value', async () => {
    const error = await env.crm.services.segments
      .count(system, f.country('Germany'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as InvalidDataError).issues[0]?.path).toBe('filter.value');
  });

  it('finds parties by their external key, by several keys and by source', async () => {
    expect(await names(f.externalKey('northwind', 'ALFKI'))).toEqual(['Alfreds Futterkiste']);
    expect(await names(f.externalKey('other-system', 'ALFKI'))).toEqual([]);
    expect(
      await names(
        f.field('externalKey').in([
          { source: 'northwind', key: 'BONAP' },
          { source: 'northwind', key: 'OLDWO' },
        ]),
      ),
    ).toEqual(["Bon app'", 'Old World Delicatessen']);
    expect(await names(f.field('externalKey').fromSource('northwind'))).toHaveLength(CUSTOMERS.length);
  });

  it('counts parties by country in one statement, largest first, parties without one in a null group', async () => {
    expect(await countBy(f.role('customer'), 'address.country')).toEqual([
      { value: 'US', count: 3 },
      { value: 'DE', count: 2 },
      { value: 'FR', count: 2 },
      { value: 'MX', count: 2 },
      { value: 'CA', count: 1 },
      { value: 'ES', count: 1 },
      { value: 'GB', count: 1 },
      { value: 'SE', count: 1 },
      { value: null, count: 1 },
    ]);
  });

  it('counts by city, region, tag, role, owner, department, lifecycle, source and custom field', async () => {
    const all = f.all();
    expect((await countBy(all, 'city')).slice(0, 1)).toEqual([{ value: 'México D.F.', count: 2 }]);
    expect(await countBy(f.country('US'), 'address.region')).toEqual([
      { value: 'OR', count: 2 },
      { value: 'AK', count: 1 },
    ]);
    expect(await countBy(all, 'tags')).toEqual([
      { value: null, count: 11 },
      { value: 'vip', count: 3 },
    ]);
    expect(await countBy(all, 'role')).toEqual([{ value: 'customer', count: CUSTOMERS.length }]);
    expect(await countBy(all, 'ownerId')).toEqual([
      { value: org.bob.id, count: 9 },
      { value: org.alice.id, count: 3 },
      ...[
        { value: org.carol.id, count: 1 },
        { value: null, count: 1 },
      ],
    ]);
    expect(await countBy(all, 'department')).toEqual([
      { value: org.departments.north, count: 12 },
      { value: org.departments.support, count: 1 },
      { value: null, count: 1 },
    ]);
    expect(await countBy(all, 'lifecycle')).toEqual([{ value: 'customer', count: CUSTOMERS.length }]);
    expect(await countBy(all, 'externalKey')).toEqual([{ value: 'northwind', count: CUSTOMERS.length }]);
    expect(await countBy(all, 'custom.segment')).toEqual([
      { value: 'retail', count: 7 },
      { value: 'wholesale', count: 4 },
      { value: null, count: 3 },
    ]);
  });

  it('counts only what the actor may see', async () => {
    // Alice's three customers, and the unowned lead pool (visible by default).
    expect(await countBy(f.all(), 'address.country', org.as(org.alice))).toEqual([
      { value: 'DE', count: 2 },
      { value: 'US', count: 1 },
      { value: null, count: 1 },
    ]);
    const manager = await countBy(f.all(), 'address.country', org.as(org.northManager));
    expect(manager.reduce((n, g) => n + g.count, 0)).toBe(13);
    expect(manager.find((g) => g.value === 'US')).toEqual({ value: 'US', count: 2 });
  });

  it('refuses a field it cannot count by, naming the field', async () => {
    for (const field of ['birthday', 'nope', 'custom.missing', 'relationship']) {
      const error = await countBy(f.all(), field).catch((e: unknown) => e);
      expect(error, field).toBeInstanceOf(InvalidDataError);
      expect((error as InvalidDataError).issues[0]?.path).toBe('field');
    }
  });
});
