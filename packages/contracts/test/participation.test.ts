import { describe, expect, it } from 'vitest';
import { activeContract, supportContract, useContractsSuite } from './fixture.js';

describe('contracts in party operations', () => {
  const t = useContractsSuite();
  const contracts = () => t.env.crm.services.contracts;

  it('hands a deactivated owner’s live contracts to the heir and leaves ended ones with her', async () => {
    const leaver = await t.env.crm.services.employees.create(t.f.system, {
      name: 'Lea Leaver',
      email: 'lea@acme.test',
      departmentId: t.f.departments.north,
      role: 'agent',
    });
    const { party } = await t.env.crm.services.parties.create(t.f.system, {
      kind: 'organization',
      organizationName: 'Initech',
      ownerId: leaver.id,
    });
    const live = await activeContract(t.env, t.f.system, supportContract(party.id, leaver.id));
    const draft = await contracts().create(t.f.system, supportContract(party.id, leaver.id));
    const ended = await activeContract(t.env, t.f.system, supportContract(party.id, leaver.id));
    await contracts().transition(t.f.system, ended.id, { to: 'terminated', reason: 'moved away' });
    const { reassignment } = await t.env.crm.services.employees.deactivate(t.f.system, leaver.id, {
      heirId: t.f.bob.id,
      reason: 'left the company',
    });
    expect(reassignment.moved.contracts).toBe(2);
    expect((await contracts().get(t.f.system, live.id)).ownerId).toBe(t.f.bob.id);
    expect((await contracts().get(t.f.system, draft.id)).ownerId).toBe(t.f.bob.id);
    expect((await contracts().get(t.f.system, ended.id)).ownerId).toBe(leaver.id);
    // The heir now sees and may move the contract.
    const moved = await contracts().transition(t.f.as(t.f.bob), live.id, {
      to: 'suspended',
      reason: 'review',
    });
    expect(moved.status).toBe('suspended');
  });

  it('keeps an erased party’s contracts (number, dates, value) but clears their free text', async () => {
    const { party } = await t.env.crm.services.parties.create(t.f.system, {
      kind: 'person',
      givenName: 'Erin',
      familyName: 'Erased',
      ownerId: t.f.alice.id,
    });
    const c = await activeContract(
      t.env,
      t.f.system,
      supportContract(party.id, t.f.alice.id, {
        subject: 'Erin’s home office',
        notes: 'Prefers calls after 6pm',
      }),
    );
    await t.env.crm.services.privacy.erase(t.f.as(t.f.admin), party.id, 'GDPR request');
    const after = await contracts().get(t.f.system, c.id);
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
      t.f.as(t.f.northManager),
      supportContract(t.f.customers.umbrella, t.f.carol.id),
    );
    await expect(contracts().get(t.f.as(t.f.carol), c.id)).resolves.toMatchObject({ id: c.id });
    await contracts().transition(t.f.as(t.f.carol), c.id, { to: 'in_approval', reason: 'ready' });
    const timeline = await t.env.crm.services.timeline.timeline(t.f.as(t.f.carol), t.f.customers.umbrella, {
      subject: { type: 'contract', id: c.id },
    });
    expect(timeline.items).toHaveLength(2);
  });
});
