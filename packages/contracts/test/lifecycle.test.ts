import { definePlugin, RapportError } from '@rapport/core/plugin';
import { describe, expect, it } from 'vitest';
import type { ContractTransitionedEvent } from '../src/index.js';
import { activeContract, supportContract, useContractsSuite } from './fixture.js';

const seen: ContractTransitionedEvent[] = [];

/** Refuses to terminate contracts whose reason mentions "veto"; records every move. */
const guard = definePlugin({
  name: 'contract-guard',
  version: '1.0.0',
  dependencies: { '@rapport/contracts': '^0.1.0' },
  setup(api) {
    api.tap('beforeContractTransition', async (request) =>
      request.to === 'terminated' && request.reason?.includes('veto') ? { veto: 'legal hold' } : undefined,
    );
    api.tap('contractTransitioned', async (event) => {
      seen.push(event);
    });
  },
});

describe('contract lifecycle', () => {
  const t = useContractsSuite([guard]);
  const contracts = () => t.env.crm.services.contracts;

  it('creates a draft with a number, its value, notice deadline and renewal terms', async () => {
    const c = await contracts().create(
      t.f.as(t.f.alice),
      supportContract(t.f.customers.globex, t.f.alice.id),
    );
    expect(c).toMatchObject({
      status: 'draft',
      partyRole: 'customer',
      value: { kind: 'recurring', amount: '500', currency: 'EUR', period: 'month' },
      startOn: '2027-01-01',
      endOn: '2027-12-31',
      notice: { months: 3 },
      noticeOn: '2027-09-30',
      autoRenewal: { renewFor: { months: 12 } },
      version: 1,
    });
    expect(c.number).toMatch(/^CT-\d{4}-\d{5}$/);
    const history = await contracts().transitions(t.f.as(t.f.alice), c.id);
    expect(history.map((move) => [move.fromStatus, move.toStatus])).toEqual([[null, 'draft']]);
  });

  it('walks draft → in approval → signed → active → suspended → active → terminated, each a history row and journal entry', async () => {
    const ctx = t.f.as(t.f.alice);
    const c = await activeContract(t.env as never, ctx, supportContract(t.f.customers.globex, t.f.alice.id));
    await contracts().transition(ctx, c.id, { to: 'suspended', reason: 'unpaid invoice' });
    await contracts().transition(ctx, c.id, { to: 'active', reason: 'paid' });
    const ended = await contracts().transition(ctx, c.id, {
      to: 'terminated',
      reason: 'customer moved away',
    });
    expect(ended).toMatchObject({ status: 'terminated', version: 7 });
    expect(ended.signedOn).not.toBeNull();
    expect(ended.endedOn).not.toBeNull();
    const history = await contracts().transitions(ctx, c.id);
    expect(history.map((move) => move.toStatus)).toEqual([
      'draft',
      'in_approval',
      'signed',
      'active',
      'suspended',
      'active',
      'terminated',
    ]);
    expect(history.at(-1)).toMatchObject({
      fromStatus: 'active',
      reason: 'customer moved away',
      actor: { kind: 'employee', id: t.f.alice.id },
    });
    const timeline = await t.env.crm.services.timeline.timeline(ctx, t.f.customers.globex, {
      types: ['contract'],
      subject: { type: 'contract', id: c.id },
    });
    const mine = timeline.items.filter((e) => (e.data as { contractId: string }).contractId === c.id);
    expect(mine).toHaveLength(7);
    expect(mine.map((e) => (e.data as { to: string }).to)).toContain('terminated');
    expect(seen.filter((e) => e.contract.id === c.id).map((e) => e.to)).toEqual([
      'in_approval',
      'signed',
      'active',
      'suspended',
      'active',
      'terminated',
    ]);
  });

  it('refuses a move outside the lifecycle table as invalid data naming status, writing nothing', async () => {
    const ctx = t.f.as(t.f.alice);
    const c = await contracts().create(ctx, supportContract(t.f.customers.globex, t.f.alice.id));
    const error = await contracts()
      .transition(ctx, c.id, { to: 'active' })
      .catch((e: unknown) => e);
    expect(RapportError.is(error, 'INVALID_DATA')).toBe(true);
    expect((error as RapportError).details).toMatchObject({
      issues: [expect.objectContaining({ path: 'status', code: 'invalid_transition' })],
    });
    expect((await contracts().get(ctx, c.id)).status).toBe('draft');
    expect(await contracts().transitions(ctx, c.id)).toHaveLength(1);
  });

  it('refuses any move out of an ended contract, and renewal through transition', async () => {
    const ctx = t.f.as(t.f.alice);
    const c = await activeContract(t.env as never, ctx, supportContract(t.f.customers.globex, t.f.alice.id));
    await expect(contracts().transition(ctx, c.id, { to: 'renewed' })).rejects.toMatchObject({
      code: 'INVALID_DATA',
    });
    await contracts().transition(ctx, c.id, { to: 'expired' });
    await expect(contracts().transition(ctx, c.id, { to: 'active' })).rejects.toMatchObject({
      code: 'INVALID_DATA',
    });
  });

  it('lets a beforeContractTransition tap veto a move, leaving the contract as it was', async () => {
    const ctx = t.f.as(t.f.alice);
    const c = await activeContract(t.env as never, ctx, supportContract(t.f.customers.globex, t.f.alice.id));
    await expect(
      contracts().transition(ctx, c.id, { to: 'terminated', reason: 'please veto' }),
    ).rejects.toMatchObject({
      code: 'VETOED',
    });
    const after = await contracts().get(ctx, c.id);
    expect(after).toMatchObject({ status: 'active', version: c.version });
  });

  it('refuses a stale expectedVersion as a conflict', async () => {
    const ctx = t.f.as(t.f.alice);
    const c = await contracts().create(ctx, supportContract(t.f.customers.globex, t.f.alice.id));
    await contracts().transition(ctx, c.id, { to: 'in_approval', expectedVersion: c.version });
    await expect(
      contracts().transition(ctx, c.id, { to: 'draft', expectedVersion: c.version }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('renews into a follow-up with a new number from the day after the end, and marks the old renewed', async () => {
    const ctx = t.f.as(t.f.alice);
    const c = await activeContract(t.env as never, ctx, supportContract(t.f.customers.globex, t.f.alice.id));
    const { previous, renewal } = await contracts().renew(ctx, c.id, { reason: 'customer confirmed' });
    expect(previous).toMatchObject({ status: 'renewed', renewedToId: renewal.id, endedOn: '2027-12-31' });
    expect(renewal).toMatchObject({
      status: 'active',
      renewedFromId: c.id,
      startOn: '2028-01-01',
      endOn: '2028-12-31',
      noticeOn: '2028-09-30',
      renewalCount: 1,
      value: c.value,
    });
    expect(renewal.number).not.toBe(c.number);
  });

  it('refuses bad input naming the field, and an agent giving a contract to someone else', async () => {
    const ctx = t.f.as(t.f.alice);
    const bad = await contracts()
      .create(ctx, supportContract(t.f.customers.globex, t.f.alice.id, { endOn: '2026-01-01' }))
      .catch((e: unknown) => e);
    expect((bad as RapportError).details).toMatchObject({
      issues: [expect.objectContaining({ path: 'endOn' })],
    });
    const money = await contracts()
      .create(
        ctx,
        supportContract(t.f.customers.globex, t.f.alice.id, {
          value: { kind: 'total', amount: '1.23456', currency: 'EUR' },
        }),
      )
      .catch((e: unknown) => e);
    expect((money as RapportError).details).toMatchObject({
      issues: [expect.objectContaining({ path: 'value.amount' })],
    });
    await expect(
      contracts().create(ctx, supportContract(t.f.customers.globex, t.f.bob.id)),
    ).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
  });

  it('hides contracts from agents who may not see their party or owner', async () => {
    const c = await contracts().create(t.f.as(t.f.bob), supportContract(t.f.customers.umbrella, t.f.bob.id));
    await expect(contracts().get(t.f.as(t.f.carol), c.id)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    expect((await contracts().list(t.f.as(t.f.carol))).items).toEqual([]);
    expect((await contracts().get(t.f.as(t.f.northManager), c.id)).id).toBe(c.id);
  });

  it('keeps the deal and quote of origin as given when the pipeline is not installed', async () => {
    const dealId = '01890000-0000-7000-8000-00000000d001';
    const quoteId = '01890000-0000-7000-8000-00000000a001';
    const c = await contracts().create(
      t.f.as(t.f.alice),
      supportContract(t.f.customers.globex, t.f.alice.id, { dealId, quoteId, partyRole: 'partner' }),
    );
    expect(c).toMatchObject({ dealId, quoteId, partyRole: 'partner' });
  });
});
