import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activeContract,
  type ContractsCrm,
  type ContractsFixture,
  contractsTestCrm,
  seedContracts,
  supportContract,
} from './fixture.js';

describe('contract numbers and concurrent moves', () => {
  let env: ContractsCrm;
  let f: ContractsFixture;
  const contracts = () => env.crm.services.contracts;

  beforeAll(async () => {
    env = await contractsTestCrm();
    f = await seedContracts(env);
  });
  afterAll(() => env?.close());

  it('numbers contracts through @rapport/documents, gapless, in the tenant’s own format once it defines the type', async () => {
    const year = new Date().getUTCFullYear();
    const first = await contracts().create(f.system, supportContract(f.customers.globex, f.alice.id));
    const second = await contracts().create(f.system, supportContract(f.customers.globex, f.alice.id));
    expect([first.number, second.number]).toEqual([`CT-${year}-00001`, `CT-${year}-00002`]);
    // A refused contract gives its number back (same transaction): no gap.
    await expect(
      contracts().create(
        f.system,
        supportContract(f.customers.globex, '00000000-0000-7000-8000-000000000000'),
      ),
    ).rejects.toMatchObject({ code: 'INVALID_DATA' });
    const g = await seedContracts(env, 'Own format');
    await env.crm.services.documents.defineType(g.system, {
      key: 'contract',
      name: 'Vertrag',
      numberFormat: 'V-{yyyy}/{seq:3}',
      period: 'year',
    });
    const own = await contracts().create(g.system, supportContract(g.customers.globex, g.alice.id));
    expect(own.number).toBe(`V-${year}/001`);
    const third = await contracts().create(f.system, supportContract(f.customers.globex, f.alice.id));
    expect(third.number).toBe(`CT-${year}-00003`);
  });

  it('lets exactly one of two agents moving the same contract at once win; the other gets a typed error', async () => {
    const c = await activeContract(env, f.system, supportContract(f.customers.globex, f.alice.id));
    const results = await Promise.allSettled([
      contracts().transition(f.as(f.alice), c.id, {
        to: 'suspended',
        reason: 'unpaid',
        expectedVersion: c.version,
      }),
      contracts().transition(f.as(f.northManager), c.id, {
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
    const history = await contracts().transitions(f.system, c.id);
    expect(history).toHaveLength(5);
    expect((await contracts().get(f.system, c.id)).version).toBe(c.version + 1);
  });

  it('refuses the second of two concurrent terminations without versions as an invalid move from terminated', async () => {
    const c = await activeContract(env, f.system, supportContract(f.customers.globex, f.alice.id));
    const results = await Promise.allSettled([
      contracts().transition(f.as(f.alice), c.id, { to: 'terminated', reason: 'one' }),
      contracts().transition(f.as(f.northManager), c.id, { to: 'terminated', reason: 'two' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ code: 'INVALID_DATA' });
    expect(
      (await contracts().transitions(f.system, c.id)).filter((t) => t.toStatus === 'terminated'),
    ).toHaveLength(1);
  });
});
