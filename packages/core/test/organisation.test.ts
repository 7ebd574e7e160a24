import { definePlugin, RapportError, tenantIsolationSql } from '@rapport/core/plugin';
import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A plugin with "open items" owned by employees, moved on reassignment through the core hook.
const tasks = definePlugin({
  name: 'test-tasks',
  version: '1.0.0',
  migrations: [
    {
      name: '0001_tasks',
      up: `create table test_tasks_task (tenant_id uuid not null, id uuid not null, party_id uuid not null,
             assignee_id uuid not null, open boolean not null, primary key (tenant_id, id),
             foreign key (tenant_id, party_id) references core_party(tenant_id, id));
           ${tenantIsolationSql('test_tasks_task')}`,
    },
  ],
  setup(api) {
    api.tap('ownershipTransferring', async (moved, event, tx) => {
      const rows = await tx.sql(
        `update test_tasks_task t set assignee_id = coalesce($3::uuid, t.assignee_id)
         from core_reassignment_item i
         where i.tenant_id = $1 and i.reassignment_id = $2 and t.tenant_id = i.tenant_id and t.party_id = i.party_id
           and t.open and t.assignee_id = $4 and $3::uuid is not null
         returning t.id`,
        [tx.tenantId, event.reassignmentId, event.toEmployeeId, event.fromEmployeeId],
      );
      return { ...moved, tasks: rows.length };
    });
  },
});

describe('organisation, ownership and access', () => {
  let env: TestCrm<[typeof tasks]>;
  let org: OrgFixture;

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [tasks] });
    org = await seedOrganisation(env.crm);
  });
  afterAll(() => env?.close());

  const customerOf = async (owner: OrgFixture['alice'], name: string) =>
    (
      await env.crm.services.parties.create(org.as(owner), {
        kind: 'person',
        familyName: name,
        roles: ['customer'],
      })
    ).party;

  it('builds departments as a tree and moves subtrees', async () => {
    const extra = await env.crm.services.departments.create(org.system, {
      name: 'Extra',
      parentId: org.departments.support,
    });
    const moved = await env.crm.services.departments.move(
      org.system,
      org.departments.support,
      org.departments.sales,
    );
    expect(moved.path).toEqual([org.departments.sales, org.departments.support]);
    const all = await env.crm.services.departments.list(org.system);
    expect(all.find((d) => d.id === extra.id)?.path).toEqual([
      org.departments.sales,
      org.departments.support,
      extra.id,
    ]);
    await expect(
      env.crm.services.departments.move(org.system, org.departments.sales, extra.id),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await env.crm.services.departments.move(org.system, org.departments.support, null);
  });

  it('makes the creating agent the owner of a new party', async () => {
    const party = await customerOf(org.alice, 'Owned');
    expect(party.ownerId).toBe(org.alice.id);
  });

  it('lets an agent see their own customers but not a colleague’s, and says so with a typed error', async () => {
    const party = await customerOf(org.alice, 'Private');
    await expect(env.crm.services.parties.get(org.as(org.bob), party.id)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    await expect(
      env.crm.services.parties.update(org.as(org.bob), party.id, { legalName: 'x' }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    const after = await env.crm.services.parties.get(org.as(org.alice), party.id);
    expect(after.legalName).toBeNull();
  });

  it('lets a manager see their department subtree, and only that', async () => {
    const party = await customerOf(org.alice, 'Subtree');
    expect((await env.crm.services.parties.get(org.as(org.northManager), party.id)).id).toBe(party.id);
    expect((await env.crm.services.parties.get(org.as(org.salesManager), party.id)).id).toBe(party.id);
    const carols = await customerOf(org.carol, 'Support customer');
    await expect(env.crm.services.parties.get(org.as(org.northManager), carols.id)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    expect((await env.crm.services.parties.get(org.as(org.admin), carols.id)).id).toBe(carols.id);
  });

  it('shows a shared party to the employee or department it is shared with', async () => {
    const party = await customerOf(org.alice, 'Shared');
    await expect(env.crm.services.parties.get(org.as(org.carol), party.id)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    const shareId = await env.crm.services.ownership.share(org.as(org.alice), party.id, {
      employeeId: org.carol.id,
    });
    expect((await env.crm.services.parties.get(org.as(org.carol), party.id)).id).toBe(party.id);
    await env.crm.services.ownership.unshare(org.as(org.alice), party.id, shareId);
    await expect(env.crm.services.parties.get(org.as(org.carol), party.id)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    await env.crm.services.ownership.share(org.as(org.alice), party.id, {
      departmentId: org.departments.support,
    });
    expect((await env.crm.services.parties.get(org.as(org.carol), party.id)).id).toBe(party.id);
  });

  it('refuses administration to agents and managers', async () => {
    await expect(
      env.crm.services.departments.create(org.as(org.alice), { name: 'Rogue' }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(
      env.crm.services.employees.create(org.as(org.salesManager), {
        name: 'X',
        departmentId: org.departments.sales,
      }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(
      env.crm.services.ownership.reassign(org.as(org.alice), {
        fromEmployeeId: org.bob.id,
        toEmployeeId: org.alice.id,
        reason: 'grab',
      }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
  });

  it('refuses an unknown or foreign employee as the actor', async () => {
    const ghost = env.crm.context({
      tenantId: org.tenantId,
      actor: { kind: 'employee', id: '0190a9e0-0000-7000-8000-000000000000' },
    });
    await expect(
      env.crm.services.parties.create(ghost, { kind: 'person', familyName: 'Ghost' }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    const other = await seedOrganisation(env.crm, 'Globex');
    const foreign = env.crm.context({
      tenantId: org.tenantId,
      actor: { kind: 'employee', id: other.admin.id },
    });
    await expect(
      env.crm.services.parties.create(foreign, { kind: 'person', familyName: 'Foreign' }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
  });

  it('reassigns an agent’s customers and their open items in one transaction, with an audit record', async () => {
    const dave = await env.crm.services.employees.create(org.system, {
      name: 'Dave',
      departmentId: org.departments.north,
    });
    const erin = await env.crm.services.employees.create(org.system, {
      name: 'Erin',
      departmentId: org.departments.north,
    });
    const a = await customerOf(dave, 'Dave A');
    const b = await customerOf(dave, 'Dave B');
    await env.crm.transaction(org.system, async (tx) => {
      await tx.sql(
        `insert into test_tasks_task values ($1, gen_random_uuid(), $2, $4, true), ($1, gen_random_uuid(), $3, $4, true), ($1, gen_random_uuid(), $3, $4, false)`,
        [tx.tenantId, a.id, b.id, dave.id],
      );
    });
    const result = await env.crm.services.ownership.reassign(org.as(org.northManager), {
      fromEmployeeId: dave.id,
      toEmployeeId: erin.id,
      reason: 'territory change',
    });
    expect(result.moved).toEqual({ parties: 2, tasks: 2 });
    expect((await env.crm.services.parties.get(org.system, a.id)).ownerId).toBe(erin.id);
    const audit = await env.crm.services.ownership.explain(org.system, result.reassignmentId);
    expect(audit).toMatchObject({
      fromEmployeeId: dave.id,
      toEmployeeId: erin.id,
      reason: 'territory change',
      moved: { parties: 2, tasks: 2 },
    });
    expect(audit.partyIds.sort()).toEqual([a.id, b.id].sort());
    const history = await env.crm.services.parties.history(org.system, a.id);
    expect(history[0]).toMatchObject({ operation: 'reassign', changes: { ownerId: [dave.id, erin.id] } });
    expect(history.some((h) => h.operation === 'create')).toBe(true);
  });

  it('requires an heir (or an explicit "leave unassigned") to deactivate an agent, and never orphans silently', async () => {
    const frank = await env.crm.services.employees.create(org.system, {
      name: 'Frank',
      departmentId: org.departments.north,
    });
    const customer = await customerOf(frank, 'Frank customer');
    await expect(
      env.crm.services.employees.deactivate(org.system, frank.id, { reason: 'left' } as never),
    ).rejects.toMatchObject({ code: 'INVALID_DATA' });
    const { employee, reassignment } = await env.crm.services.employees.deactivate(org.system, frank.id, {
      heirId: org.bob.id,
      reason: 'left the company',
    });
    expect(employee).toMatchObject({ active: false, heirId: org.bob.id });
    expect(reassignment.moved.parties).toBe(1);
    expect((await env.crm.services.parties.get(org.as(org.bob), customer.id)).ownerId).toBe(org.bob.id);
    await expect(
      env.crm.services.parties.create(org.as(frank), { kind: 'person', familyName: 'After leaving' }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(env.crm.services.ownership.assign(org.system, customer.id, frank.id)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('can leave a leaving agent’s customers explicitly unassigned', async () => {
    const gina = await env.crm.services.employees.create(org.system, {
      name: 'Gina',
      departmentId: org.departments.north,
    });
    const customer = await customerOf(gina, 'Gina customer');
    const { reassignment } = await env.crm.services.employees.deactivate(org.system, gina.id, {
      leaveUnassigned: true,
      reason: 'left',
    });
    expect(reassignment.moved.parties).toBe(1);
    expect((await env.crm.services.parties.get(org.system, customer.id)).ownerId).toBeNull();
  });

  it('keeps employees from being deleted while they own anything (the database refuses)', async () => {
    await customerOf(org.alice, 'Keeps Alice');
    const error = await env.crm
      .transaction(org.system, (tx) => tx.sql('delete from core_employee where id = $1', [org.alice.id]))
      .catch((e: unknown) => e);
    expect(RapportError.is(error, 'CONFLICT')).toBe(true);
    expect((error as RapportError).details).toMatchObject({ table: 'core_party', retryable: false });
    expect(String((error as RapportError).cause)).toMatch(/foreign key/);
  });

  it('never leaks another agent’s customers through a segment, a count or a search', async () => {
    await customerOf(org.alice, 'Zed Alice Leakcheck');
    await customerOf(org.bob, 'Zed Bob Leakcheck');
    const filter = { field: 'displayName', op: 'contains', value: 'Leakcheck' } as const;
    const names = async (actor: OrgFixture['alice']) =>
      (await env.crm.services.segments.query(org.as(actor), filter, { limit: 50 })).items
        .map((p) => p.displayName)
        .sort();
    expect(await names(org.alice)).toEqual(['Zed Alice Leakcheck']);
    expect(await names(org.bob)).toEqual(['Zed Bob Leakcheck']);
    expect(await env.crm.services.segments.count(org.as(org.carol), filter)).toBe(0);
    expect(await names(org.northManager)).toEqual(['Zed Alice Leakcheck', 'Zed Bob Leakcheck']);
    expect(await env.crm.services.segments.count(org.as(org.admin), filter)).toBe(2);
    const saved = await env.crm.services.segments.save(org.as(org.admin), { name: 'Leakcheck', filter });
    expect(await env.crm.services.segments.countMembers(org.as(org.alice), saved.id)).toBe(1);
  });

  it('reassigns only the filtered subset of an agent’s customers', async () => {
    const hank = await env.crm.services.employees.create(org.system, {
      name: 'Hank',
      departmentId: org.departments.north,
    });
    const vip = (
      await env.crm.services.parties.create(org.as(hank), {
        kind: 'person',
        familyName: 'Hank VIP',
        tags: ['vip'],
      })
    ).party;
    const regular = (
      await env.crm.services.parties.create(org.as(hank), { kind: 'person', familyName: 'Hank Regular' })
    ).party;
    const result = await env.crm.services.ownership.reassign(org.as(org.northManager), {
      fromEmployeeId: hank.id,
      toEmployeeId: org.bob.id,
      reason: 'key accounts to Bob',
      filter: { field: 'tags', op: 'hasAny', value: ['vip'] },
    });
    expect(result.moved.parties).toBe(1);
    expect((await env.crm.services.parties.get(org.system, vip.id)).ownerId).toBe(org.bob.id);
    expect((await env.crm.services.parties.get(org.system, regular.id)).ownerId).toBe(hank.id);
    expect((await env.crm.services.ownership.explain(org.system, result.reassignmentId)).partyIds).toEqual([
      vip.id,
    ]);
    await expect(
      env.crm.services.ownership.reassign(org.system, {
        fromEmployeeId: hank.id,
        toEmployeeId: org.bob.id,
        reason: 'x',
        filter: { field: 'nope', op: 'eq', value: 1 },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_DATA' });
  });
});
