import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activeContract,
  type ContractsCrm,
  type ContractsFixture,
  contractsTestCrm,
  seedContracts,
  supportContract,
} from './fixture.js';

describe('contracts in party operations', () => {
  let env: ContractsCrm;
  let f: ContractsFixture;
  const contracts = () => env.crm.services.contracts;

  beforeAll(async () => {
    env = await contractsTestCrm();
    f = await seedContracts(env);
  });
  afterAll(() => env?.close());

  it('hands a deactivated owner’s live contracts to the heir and leaves ended ones with her', async () => {
    const leaver = await env.crm.services.employees.create(f.system, {
      name: 'Lea Leaver',
      email: 'lea@acme.test',
      departmentId: f.departments.north,
      role: 'agent',
    });
    const { party } = await env.crm.services.parties.create(f.system, {
      kind: 'organization',
      organizationName: 'Initech',
      ownerId: leaver.id,
    });
    const live = await activeContract(env, f.system, supportContract(party.id, leaver.id));
    const draft = await contracts().create(f.system, supportContract(party.id, leaver.id));
    const ended = await activeContract(env, f.system, supportContract(party.id, leaver.id));
    await contracts().transition(f.system, ended.id, { to: 'terminated', reason: 'moved away' });
    const { reassignment } = await env.crm.services.employees.deactivate(f.system, leaver.id, {
      heirId: f.bob.id,
      reason: 'left the company',
    });
    expect(reassignment.moved.contracts).toBe(2);
    expect((await contracts().get(f.system, live.id)).ownerId).toBe(f.bob.id);
    expect((await contracts().get(f.system, draft.id)).ownerId).toBe(f.bob.id);
    expect((await contracts().get(f.system, ended.id)).ownerId).toBe(leaver.id);
    // The heir now sees and may move the contract.
    const moved = await contracts().transition(f.as(f.bob), live.id, { to: 'suspended', reason: 'review' });
    expect(moved.status).toBe('suspended');
  });

  it('keeps an erased party’s contracts (number, dates, value) but clears their free text', async () => {
    const { party } = await env.crm.services.parties.create(f.system, {
      kind: 'person',
      givenName: 'Erin',
      familyName: 'Erased',
      ownerId: f.alice.id,
    });
    const c = await activeContract(
      env,
      f.system,
      supportContract(party.id, f.alice.id, {
        subject: 'Erin’s home office',
        notes: 'Prefers calls after 6pm',
      }),
    );
    await env.crm.services.privacy.erase(f.as(f.admin), party.id, 'GDPR request');
    const after = await contracts().get(f.system, c.id);
    expect(after).toMatchObject({
      number: c.number,
      status: 'active',
      value: c.value,
      startOn: c.startOn,
      subject: 'Erased',
      notes: null,
      custom: {},
    });
  });

  it('lets the owner of a contract see and work its party’s contract though the party is someone else’s', async () => {
    const c = await contracts().create(
      f.as(f.northManager),
      supportContract(f.customers.umbrella, f.carol.id),
    );
    await expect(contracts().get(f.as(f.carol), c.id)).resolves.toMatchObject({ id: c.id });
    await contracts().transition(f.as(f.carol), c.id, { to: 'in_approval', reason: 'ready' });
    const timeline = await env.crm.services.timeline.timeline(f.as(f.carol), f.customers.umbrella, {
      subject: { type: 'contract', id: c.id },
    });
    expect(timeline.items).toHaveLength(2);
  });
});
