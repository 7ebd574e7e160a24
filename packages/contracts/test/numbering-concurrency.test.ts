import { describe, expect, it } from 'vitest';
import { activeContract, seedContracts, supportContract, useContractsSuite } from './fixture.js';

describe('contract numbers and concurrent moves', () => {
  const t = useContractsSuite();
  const contracts = () => t.env.crm.services.contracts;

  it('numbers contracts through @rapport/documents, gapless, in the tenant’s own format once it defines the type', async () => {
    const year = new Date().getUTCFullYear();
    const first = await contracts().create(t.f.system, supportContract(t.f.customers.globex, t.f.alice.id));
    const second = await contracts().create(t.f.system, supportContract(t.f.customers.globex, t.f.alice.id));
    expect([first.number, second.number]).toEqual([`CT-${year}-00001`, `CT-${year}-00002`]);
    // A refused contract gives its number back (same transaction): no gap.
    await expect(
      contracts().create(
        t.f.system,
        supportContract(t.f.customers.globex, '00000000-0000-7000-8000-000000000000'),
      ),
    ).rejects.toMatchObject({ code: 'INVALID_DATA' });
    const g = await seedContracts(t.env, 'Own format');
    await t.env.crm.services.documents.defineType(g.system, {
      key: 'contract',
      name: 'Vertrag',
      numberFormat: 'V-{yyyy}/{seq:3}',
      period: 'year',
    });
    const own = await contracts().create(g.system, supportContract(g.customers.globex, g.alice.id));
    expect(own.number).toBe(`V-${year}/001`);
    const third = await contracts().create(t.f.system, supportContract(t.f.customers.globex, t.f.alice.id));
    expect(third.number).toBe(`CT-${year}-00003`);
  });

  it('lets exactly one of two agents moving the same contract at once win; the other gets a typed error', async () => {
    const c = await activeContract(t.env, t.f.system, supportContract(t.f.customers.globex, t.f.alice.id));
    const results = await Promise.allSettled([
      contracts().transition(t.f.as(t.f.alice), c.id, {
        to: 'suspended',
        reason: 'unpaid',
        expectedVersion: c.version,
      }),
      contracts().transition(t.f.as(t.f.northManager), c.id, {
        to: 'terminated',
        reason: 'breach',
        expectedVersion: c.version,
      }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    const history = await contracts().transitions(t.f.system, c.id);
    expect(history).toHaveLength(5);
    expect((await contracts().get(t.f.system, c.id)).version).toBe(c.version + 1);
  });

  it('refuses the second of two concurrent terminations without versions as an invalid move from terminated', async () => {
    const c = await activeContract(t.env, t.f.system, supportContract(t.f.customers.globex, t.f.alice.id));
    const results = await Promise.allSettled([
      contracts().transition(t.f.as(t.f.alice), c.id, { to: 'terminated', reason: 'one' }),
      contracts().transition(t.f.as(t.f.northManager), c.id, { to: 'terminated', reason: 'two' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ code: 'INVALID_DATA' });
    expect(
      (await contracts().transitions(t.f.system, c.id)).filter((move) => move.toStatus === 'terminated'),
    ).toHaveLength(1);
  });
});
