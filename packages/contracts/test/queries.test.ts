import { beforeAll, describe, expect, it } from 'vitest';
import type { Contract, ContractInput } from '../src/index.js';
import { activeContract, adminSql, supportContract, useContractsSuite } from './fixture.js';

/**
 * Hand-computed data (one tenant): Alice's customer Globex has A (100 EUR / month, all 2027, renews),
 * Q (100 EUR / quarter, first half of 2027), B (1200 EUR / year from March 2027) and D (70 EUR / month,
 * terminated on 20 January 2027); Bob's customer Umbrella has C (50 USD / month, 2027, no renewal
 * left), E (10 EUR / month ending 15 June 2027) and T (9000 EUR in total, signed 15 February 2027).
 */
describe('contract queries', () => {
  const t = useContractsSuite();
  const q = () => t.env.crm.services.contractQueries;
  const c: Record<string, Contract> = {};
  const make = (name: string, over: Partial<ContractInput> & { partyId: string; ownerId: string }) =>
    activeContract(
      t.env,
      t.f.system,
      supportContract(over.partyId, over.ownerId, { autoRenewal: undefined, ...over }),
    ).then((contract) => {
      c[name] = contract;
    });
  const monthly = (amount: string, currency = 'EUR') =>
    ({ kind: 'recurring', amount, currency, period: 'month' }) as const;

  beforeAll(async () => {
    const alice = { partyId: t.f.customers.globex, ownerId: t.f.alice.id };
    const bob = { partyId: t.f.customers.umbrella, ownerId: t.f.bob.id };
    await make('A', { ...alice, value: monthly('100.00'), autoRenewal: { renewFor: { months: 12 } } });
    await make('Q', {
      ...alice,
      value: { kind: 'recurring', amount: '100', currency: 'EUR', period: 'quarter' },
      endOn: '2027-06-30',
      notice: undefined,
    });
    await make('B', {
      ...alice,
      value: { kind: 'recurring', amount: '1200', currency: 'EUR', period: 'year' },
      startOn: '2027-03-01',
      endOn: '2028-02-29',
    });
    await make('D', { ...alice, value: monthly('70') });
    await t.env.crm.services.contracts.transition(t.f.system, c.D!.id, {
      to: 'terminated',
      reason: 'insolvency',
    });
    await make('C', {
      ...bob,
      value: monthly('50', 'USD'),
      autoRenewal: { renewFor: { months: 12 }, maxRenewals: 0 },
    });
    await make('E', { ...bob, value: monthly('10'), endOn: '2027-06-15', notice: undefined });
    await make('T', { ...bob, value: { kind: 'total', amount: '9000', currency: 'EUR' } });
    // Fix the days that otherwise come from the real clock (signing and termination happen "today").
    await adminSql(t.env, `update contracts_contract set signed_on = '2026-12-15' where tenant_id = $1`, [
      t.f.tenantId,
    ]);
    await adminSql(t.env, `update contracts_contract set signed_on = '2027-02-15' where id = $1`, [c.T!.id]);
    await adminSql(t.env, `update contracts_contract set ended_on = '2027-01-20' where id = $1`, [c.D!.id]);
  });

  it('lists the contracts in force for a party on a day', async () => {
    const ids = async (on: string) =>
      (await q().inForce(t.f.as(t.f.alice), { partyId: t.f.customers.globex, on })).map((x) => x.id);
    expect(await ids('2027-01-10')).toEqual([c.A!.id, c.Q!.id, c.D!.id]);
    expect(await ids('2027-03-15')).toEqual([c.A!.id, c.Q!.id, c.B!.id]);
    expect(await ids('2028-01-15')).toEqual([c.B!.id]);
  });

  it('pages the contracts expiring in the next 30 days by end date, limited to what the actor sees', async () => {
    const first = await q().expiring(t.f.system, { on: '2027-06-01', withinDays: 30, limit: 1 });
    expect(first).toMatchObject({ from: '2027-06-01', to: '2027-07-01' });
    expect(first.items.map((x) => x.id)).toEqual([c.E!.id]);
    const second = await q().expiring(t.f.system, { on: '2027-06-01', limit: 1, cursor: first.nextCursor! });
    expect(second.items.map((x) => x.id)).toEqual([c.Q!.id]);
    expect(second.nextCursor).toBeNull();
    expect((await q().expiring(t.f.as(t.f.alice), { on: '2027-06-01' })).items.map((x) => x.id)).toEqual([
      c.Q!.id,
    ]);
    expect((await q().expiring(t.f.as(t.f.carol), { on: '2027-06-01' })).items).toEqual([]);
    await expect(q().expiring(t.f.system, { cursor: 'nonsense' })).rejects.toMatchObject({
      code: 'INVALID_DATA',
    });
  });

  it('lists renewals due: live contracts ending in the period with renewals left', async () => {
    const due = await q().renewalsDue(t.f.system, { from: '2027-12-01', to: '2027-12-31' });
    expect(due.map((x) => x.id)).toEqual([c.A!.id]);
  });

  it('computes MRR and ARR by owner, month and currency, exactly, and total contracts signed per month', async () => {
    const rows = await q().revenue(t.f.system, { from: '2027-01-01', to: '2027-03-31' });
    const row = (month: string, ownerId: string, currency: string) =>
      rows.find((r) => r.month === month && r.ownerId === ownerId && r.currency === currency);
    expect(rows).toHaveLength(9); // three months × (Alice EUR, Bob EUR, Bob USD)
    expect(row('2027-01-01', t.f.alice.id, 'EUR')).toMatchObject({
      recurringContracts: 3,
      mrr: '203.3333',
      arr: '2440',
      signedTotalContracts: 0,
    });
    expect(row('2027-02-01', t.f.alice.id, 'EUR')).toMatchObject({
      recurringContracts: 2,
      mrr: '133.3333',
      arr: '1600',
    });
    expect(row('2027-03-01', t.f.alice.id, 'EUR')).toMatchObject({
      recurringContracts: 3,
      mrr: '233.3333',
      arr: '2800',
    });
    expect(row('2027-02-01', t.f.bob.id, 'EUR')).toMatchObject({
      recurringContracts: 1,
      mrr: '10',
      signedTotalContracts: 1,
      signedTotalValue: '9000',
    });
    expect(row('2027-03-01', t.f.bob.id, 'USD')).toMatchObject({
      recurringContracts: 1,
      mrr: '50',
      arr: '600',
    });
    const alices = await q().revenue(t.f.as(t.f.alice), { from: '2027-01-01', to: '2027-03-31' });
    expect(new Set(alices.map((r) => r.ownerId))).toEqual(new Set([t.f.alice.id]));
    const overall = await q().revenue(t.f.system, { from: '2027-03-01', to: '2027-03-31', byOwner: false });
    expect(overall).toMatchObject([
      {
        month: '2027-03-01',
        ownerId: null,
        currency: 'EUR',
        recurringContracts: 4,
        mrr: '243.3333',
        arr: '2920',
      },
      { month: '2027-03-01', ownerId: null, currency: 'USD', recurringContracts: 1, mrr: '50', arr: '600' },
    ]);
  });

  it('lists churned contracts (terminated or expired, not renewed) with the monthly revenue lost', async () => {
    const churned = await q().churned(t.f.system, { from: '2027-01-01', to: '2027-01-31' });
    expect(churned.map((x) => [x.contract.id, x.lostMrr])).toEqual([[c.D!.id, '70']]);
    expect(await q().churned(t.f.system, { from: '2027-02-01', to: '2027-12-31' })).toEqual([]);
  });
});
