import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSql, type PipelineFixture, pipelineTestCrm, seedPipeline } from './fixture.js';

describe('deals in merges, reassignments, deactivations and privacy requests', () => {
  let env: Awaited<ReturnType<typeof pipelineTestCrm>>;
  let f: PipelineFixture;
  const deals = () => env.crm.services.deals;

  beforeAll(async () => {
    env = await pipelineTestCrm();
    f = await seedPipeline(env.crm);
  });
  afterAll(() => env?.close());

  const org = async (name: string, ownerId: string) =>
    (
      await env.crm.services.parties.create(f.system, {
        kind: 'organization',
        organizationName: name,
        ownerId,
      })
    ).party.id;
  const person = async (familyName: string) =>
    (
      await env.crm.services.parties.create(f.system, {
        kind: 'person',
        givenName: 'P',
        familyName,
        ownerId: f.alice.id,
      })
    ).party.id;
  const deal = (title: string, customerId: string, ownerId = f.alice.id, contacts: string[] = []) =>
    deals().create(f.system, { pipelineId: f.pipeline.id, title, customerId, ownerId, contacts });

  it("merging two customers moves the merged one's deals and contact links to the survivor, leaving no dangling key", async () => {
    const survivor = await org('Merge Survivor', f.alice.id);
    const merged = await org('Merge Merged', f.alice.id);
    const both = await person('Both');
    const mergedPerson = await person('Merged Person');
    const d1 = await deal('Survivor deal', survivor, f.alice.id, [both]);
    const d2 = await deal('Merged deal', merged, f.alice.id, [both]);
    await deals().win(f.as(f.alice), d2.id, { reason: 'signed' });
    // The merged person is a contact of a deal that also lists the survivor person: one link must remain.
    const survivorPerson = await person('Survivor Person');
    const d3 = await deal('Contacts deal', survivor, f.alice.id, [survivorPerson, mergedPerson]);

    await env.crm.services.merges.merge(f.system, { survivorId: survivor, mergedId: merged });
    await env.crm.services.merges.merge(f.system, { survivorId: survivorPerson, mergedId: mergedPerson });

    const after = await deals().list(f.system, { customerId: survivor });
    expect(after.items.map((d) => d.id).sort()).toEqual([d1.id, d2.id, d3.id].sort());
    expect((await deals().get(f.system, d2.id)).status).toBe('won');
    expect((await deals().get(f.system, d3.id)).contacts).toEqual([
      { partyId: survivorPerson, role: 'contact_person' },
    ]);
    const dangling = await adminSql<{ n: number }>(
      env.database.adminUrl,
      `select (select count(*) from pipeline_deal where customer_id = any($1::uuid[]))
            + (select count(*) from pipeline_deal_contact where party_id = any($1::uuid[])) as n`,
      [[merged, mergedPerson]],
    );
    expect(Number(dangling[0]!.n)).toBe(0);
    const history = await deals().history(f.system, d2.id);
    expect(history.at(-1)).toMatchObject({ operation: 'merge', changes: { customerId: [merged, survivor] } });
    // History survives: the stage history of the moved deal is intact.
    expect(await deals().stageHistory(f.system, d2.id)).toHaveLength(2);
  });

  it('a reassignment of customers takes their open deals to the new owner; closed deals keep theirs', async () => {
    const customer = await org('Reassigned Co', f.alice.id);
    const open = await deal('Open one', customer);
    const closed = await deal('Closed one', customer);
    await deals().lose(f.as(f.alice), closed.id, { reason: 'no budget' });
    const bobs = await deal('Bob on it', customer, f.bob.id);
    const result = await env.crm.services.ownership.reassign(f.system, {
      fromEmployeeId: f.alice.id,
      toEmployeeId: f.bob.id,
      reason: 'territory change',
      partyIds: [customer],
    });
    expect(result.moved).toMatchObject({ parties: 1, deals: 1 });
    expect((await deals().get(f.system, open.id)).ownerId).toBe(f.bob.id);
    expect((await deals().get(f.system, closed.id)).ownerId).toBe(f.alice.id);
    expect((await deals().get(f.system, bobs.id)).version).toBe(1);
    expect((await deals().history(f.system, open.id)).at(-1)).toMatchObject({
      operation: 'reassign',
      changes: { ownerId: [f.alice.id, f.bob.id], reassignmentId: result.reassignmentId },
    });
  });

  it("deactivating an agent with an heir moves all the agent's open deals to the heir", async () => {
    const leaver = await env.crm.services.employees.create(f.system, {
      name: 'Leaver',
      departmentId: f.departments.north,
      role: 'agent',
    });
    const own = await org('Leaver Co', leaver.id);
    const onOwn = await deal('On own customer', own, leaver.id);
    const onOthers = await deal("On Bob's customer", f.customers.umbrella, leaver.id);
    const won = await deal('Won by leaver', own, leaver.id);
    await deals().win(f.system, won.id, { reason: 'signed' });
    const { reassignment } = await env.crm.services.employees.deactivate(f.as(f.admin), leaver.id, {
      heirId: f.bob.id,
      reason: 'left the company',
    });
    expect(reassignment.moved).toMatchObject({ deals: 2 });
    expect((await deals().get(f.system, onOwn.id)).ownerId).toBe(f.bob.id);
    expect((await deals().get(f.system, onOthers.id)).ownerId).toBe(f.bob.id);
    expect((await deals().get(f.system, won.id)).ownerId).toBe(leaver.id);
    const left = await deals().list(f.system, { ownerId: leaver.id, status: 'open' });
    expect(left.items).toEqual([]);
  });

  it("a privacy export lists the person's deals; an erasure keeps the deals' sums but drops their free text", async () => {
    const customer = await person('Private');
    const d = await deal('Private wedding planning', customer);
    await deals().update(f.system, d.id, { amount: '900', source: 'friend of Ada', custom: { note: 'x' } });
    await deals().lose(f.system, d.id, { reason: 'Divorced before the wedding' });
    const exported = await env.crm.services.privacy.export(f.system, customer);
    expect(exported.sections.deals).toEqual([
      expect.objectContaining({ id: d.id, title: 'Private wedding planning' }),
    ]);
    await env.crm.services.privacy.erase(f.system, customer, 'request of the person');
    const erased = await deals().get(f.system, d.id);
    expect(erased).toMatchObject({
      title: 'Erased',
      closeReason: null,
      source: null,
      custom: {},
      amount: '900',
      status: 'lost',
    });
    expect((await deals().stageHistory(f.system, d.id)).every((c) => c.reason === null)).toBe(true);
  });
});
