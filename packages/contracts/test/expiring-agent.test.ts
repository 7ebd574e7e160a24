import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contract } from '../src/index.js';
import {
  activeContract,
  type ContractsCrm,
  type ContractsFixture,
  contractsTestCrm,
  seedContracts,
  supportContract,
} from './fixture.js';

/**
 * Hand-computed visibility of the June 2027 expiring page for the agents (Alice and Bob in North,
 * Carol in Support; North is under Sales). Contracts ending in June, by end date:
 * K2 Umbrella (Bob's party), Bob · K10 Soylent (Carol's), Carol · K1 Globex (Alice's), Alice ·
 * K3 Initech (Bob's, shared with Alice), Bob · K4 Hooli (Carol's, team North), Carol ·
 * K5 Pool (no owner), Bob · K6 Stark (Carol's; Alice owns a draft contract on it), Carol ·
 * K7 Wayne (Carol's, shared with Sales), Carol · K11 Dunder (Dave's), Dave · K12 Vandelay (Bob's, shared
 * with Dave), Bob. Dave, an agent in Support, reports to Carol. K9 (Alice's, August) is outside the
 * window.
 */
describe('the expiring page of an agent', () => {
  let env: ContractsCrm;
  let f: ContractsFixture;
  const k: Record<string, Contract> = {};
  let dave: ContractsFixture['alice'];
  const page = (who: 'alice' | 'bob' | 'carol' | 'dave', options: { limit?: number; cursor?: string } = {}) =>
    env.crm.services.contractQueries.expiring(f.as(who === 'dave' ? dave : f[who]), {
      on: '2027-06-01',
      withinDays: 30,
      ...options,
    });

  beforeAll(async () => {
    env = await contractsTestCrm();
    f = await seedContracts(env);
    dave = await env.crm.services.employees.create(f.system, {
      name: 'Dave',
      email: 'dave@acme.test',
      departmentId: f.departments.support,
      role: 'agent',
      reportsToId: f.carol.id,
    });
    const parties = env.crm.services.parties;
    const party = async (organizationName: string, ownerId?: string, teamId?: string) =>
      (await parties.create(f.system, { kind: 'organization', organizationName, ownerId, teamId })).party.id;
    const initech = await party('Initech', f.bob.id);
    const hooli = await party('Hooli', f.carol.id, f.departments.north);
    const pool = await party('Pool');
    const stark = await party('Stark', f.carol.id);
    const wayne = await party('Wayne', f.carol.id);
    const soylent = await party('Soylent', f.carol.id);
    const dunder = await party('Dunder', dave.id);
    const vandelay = await party('Vandelay', f.bob.id);
    await env.crm.services.ownership.share(f.system, vandelay, { employeeId: dave.id });
    await env.crm.services.ownership.share(f.system, initech, { employeeId: f.alice.id });
    await env.crm.services.ownership.share(f.system, wayne, { departmentId: f.departments.sales });
    await env.crm.services.contracts.create(f.system, supportContract(stark, f.alice.id)); // a draft
    const make = async (name: string, partyId: string, ownerId: string, endOn: string) => {
      k[name] = await activeContract(env, f.system, supportContract(partyId, ownerId, { endOn }));
    };
    await make('K1', f.customers.globex, f.alice.id, '2027-06-10');
    await make('K2', f.customers.umbrella, f.bob.id, '2027-06-05');
    await make('K3', initech, f.bob.id, '2027-06-12');
    await make('K4', hooli, f.carol.id, '2027-06-15');
    await make('K5', pool, f.bob.id, '2027-06-20');
    await make('K6', stark, f.carol.id, '2027-06-25');
    await make('K7', wayne, f.carol.id, '2027-06-28');
    await make('K9', f.customers.globex, f.alice.id, '2027-08-15');
    await make('K10', soylent, f.carol.id, '2027-06-08');
    await make('K11', dunder, dave.id, '2027-06-18');
    await make('K12', vandelay, f.bob.id, '2027-06-22');
  });
  afterAll(() => env?.close());

  const ids = (...names: string[]) => names.map((name) => k[name]!.id);

  it("lists an agent's own contracts and those visible only through their party, by end date", async () => {
    expect((await page('alice')).items.map((c) => c.id)).toEqual(ids('K1', 'K3', 'K4', 'K5', 'K6', 'K7'));
    expect((await page('bob')).items.map((c) => c.id)).toEqual(ids('K2', 'K3', 'K4', 'K5', 'K12', 'K7'));
    expect((await page('dave')).items.map((c) => c.id)).toEqual(ids('K11', 'K5', 'K12'));
  });

  it("adds the contracts of a report's customers and shares to the page of the one they report to", async () => {
    expect((await page('carol')).items.map((c) => c.id)).toEqual(
      ids('K10', 'K4', 'K11', 'K5', 'K12', 'K6', 'K7'),
    );
  });

  it("pages an agent's contracts with the cursor without losing or repeating one", async () => {
    const first = await page('alice', { limit: 4 });
    expect(first.items.map((c) => c.id)).toEqual(ids('K1', 'K3', 'K4', 'K5'));
    const second = await page('alice', { limit: 4, cursor: first.nextCursor! });
    expect(second.items.map((c) => c.id)).toEqual(ids('K6', 'K7'));
    expect(second.nextCursor).toBeNull();
  });

  it('gives every employee the same contracts as the general visibility predicate of the list', async () => {
    for (const who of [f.alice, f.bob, f.carol, dave, f.northManager, f.salesManager, f.admin]) {
      const listed = (await env.crm.services.contracts.list(f.as(who), { limit: 500 })).items
        .filter((c) => ['signed', 'active', 'suspended'].includes(c.status))
        .filter((c) => c.endOn! >= '2027-06-01' && c.endOn! <= '2027-07-01')
        .sort((a, b) => (a.endOn === b.endOn ? (a.id < b.id ? -1 : 1) : a.endOn! < b.endOn! ? -1 : 1));
      const expiring = await env.crm.services.contractQueries.expiring(f.as(who), { on: '2027-06-01' });
      expect(expiring.items.map((c) => c.id)).toEqual(listed.map((c) => c.id));
    }
  });
});
