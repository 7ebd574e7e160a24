import type { CallContext, Segment } from '@rapport/core';
import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('saved segments have owners: only they, their managers and administrators may change them', () => {
  let env: TestCrm<[]>;
  let org: OrgFixture;
  let adminSegment: Segment;
  let aliceSegment: Segment;
  let carolSegment: Segment;
  let legacySegment: Segment;
  const nobody = { field: 'tags', op: 'has', value: 'nobody-has-this' } as const;
  const everyone = { and: [] };
  const segments = () => env.crm.services.segments;

  beforeAll(async () => {
    env = await createTestCrm();
    org = await seedOrganisation(env.crm);
    adminSegment = await segments().save(org.as(org.admin), { name: 'Admin mailing', filter: nobody });
    aliceSegment = await segments().save(org.as(org.alice), { name: 'Alice list', filter: nobody });
    carolSegment = await segments().save(org.as(org.carol), { name: 'Carol list', filter: nobody });
    legacySegment = await segments().save(org.system, { name: 'Saved by a system process', filter: nobody });
  });
  afterAll(() => env?.close());

  const refused = async (ctx: CallContext, segment: Segment) => {
    await expect(segments().update(ctx, segment.id, { filter: everyone })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    await expect(
      segments().update(ctx, segment.id, { name: `${segment.name} (taken over)` }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(segments().remove(ctx, segment.id)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    expect(await segments().get(org.system, segment.id)).toMatchObject({
      name: segment.name,
      filter: nobody,
    });
  };

  it('records the saving employee as the owner, and no owner for a system process', () => {
    expect(adminSegment.ownerId).toBe(org.admin.id);
    expect(aliceSegment.ownerId).toBe(org.alice.id);
    expect(legacySegment.ownerId).toBeNull();
  });

  it('refuses an agent who rewrites, renames or deletes an administrator’s segment, and changes nothing', async () => {
    await refused(org.as(org.alice), adminSegment);
    await refused(org.as(org.northManager), adminSegment);
  });

  it('refuses a colleague or an agent of another department', async () => {
    await refused(org.as(org.bob), aliceSegment);
    await refused(org.as(org.carol), aliceSegment);
    await refused(org.as(org.alice), carolSegment);
  });

  it('keeps a segment without an owner for administrators only', async () => {
    await refused(org.as(org.alice), legacySegment);
    await refused(org.as(org.salesManager), legacySegment);
    const renamed = await segments().update(org.as(org.admin), legacySegment.id, {
      name: 'Legacy (reviewed)',
    });
    expect(renamed.name).toBe('Legacy (reviewed)');
    legacySegment = renamed;
  });

  it('lets the owner and the managers of the owner’s department subtree change it', async () => {
    const byOwner = await segments().update(org.as(org.alice), aliceSegment.id, { name: 'Alice list 2' });
    expect(byOwner.name).toBe('Alice list 2');
    const byTeamManager = await segments().update(org.as(org.northManager), aliceSegment.id, {
      filter: everyone,
    });
    expect(byTeamManager.filter).toEqual(everyone);
    const byParentManager = await segments().update(org.as(org.salesManager), aliceSegment.id, {
      filter: nobody,
    });
    expect(byParentManager.filter).toEqual(nobody);
    // Carol is in Support: the Sales managers do not manage her.
    await refused(org.as(org.salesManager), carolSegment);
  });

  it('lets whoever the owner reports to change it, directly or indirectly', async () => {
    const { employees } = env.crm.services;
    await employees.update(org.system, org.carol.id, { reportsToId: org.bob.id });
    try {
      const byBoss = await segments().update(org.as(org.bob), carolSegment.id, { name: 'Carol list (Bob)' });
      expect(byBoss.name).toBe('Carol list (Bob)');
      await refused(org.as(org.alice), byBoss);
    } finally {
      await employees.update(org.system, org.carol.id, { reportsToId: null });
    }
    await refused(org.as(org.bob), await segments().get(org.system, carolSegment.id));
  });

  it('lets anyone list and use another’s segment, its members cut to what they may see', async () => {
    const bob = org.as(org.bob);
    expect((await segments().list(bob)).map((s) => s.id)).toContain(adminSegment.id);
    await env.crm.services.parties.create(org.as(org.alice), {
      kind: 'person',
      familyName: 'Alices customer',
    });
    const own = await segments().save(org.as(org.admin), { name: 'Everyone', filter: everyone });
    expect(await segments().countMembers(org.as(org.admin), own.id)).toBe(1);
    expect(await segments().countMembers(bob, own.id)).toBe(0);
  });

  it('hands a leaver’s segments to their heir', async () => {
    const { employees } = env.crm.services;
    const leaver = await employees.create(org.system, {
      name: 'Leaver',
      departmentId: org.departments.support,
    });
    const saved = await segments().save(org.as(leaver), { name: 'Leaver list', filter: nobody });
    await employees.deactivate(org.system, leaver.id, { heirId: org.carol.id, reason: 'moved on' });
    expect((await segments().get(org.system, saved.id)).ownerId).toBe(org.carol.id);
    const renamed = await segments().update(org.as(org.carol), saved.id, { name: 'Inherited list' });
    expect(renamed.name).toBe('Inherited list');
  });

  it('lets the owner delete it', async () => {
    await segments().remove(org.as(org.carol), carolSegment.id);
    await expect(segments().get(org.system, carolSegment.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
