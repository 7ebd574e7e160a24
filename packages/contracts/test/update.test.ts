import { definePlugin } from '@rapport/core/plugin';
import { describe, expect, it } from 'vitest';
import type { ContractUpdatedEvent } from '../src/index.js';
import { activeContract, adminSql, supportContract, useContractsSuite } from './fixture.js';

const updates: ContractUpdatedEvent[] = [];

/** Records every `contractUpdated`. */
const watcher = definePlugin({
  name: 'contract-update-watcher',
  version: '1.0.0',
  dependencies: { '@rapport/contracts': '^0.1.0' },
  setup(api) {
    api.tap('contractUpdated', async (event) => {
      updates.push(event);
    });
  },
});

describe('contracts.update', () => {
  const t = useContractsSuite([watcher]);
  const contracts = () => t.env.crm.services.contracts;
  const draft = (over = {}) =>
    contracts().create(t.f.as(t.f.alice), supportContract(t.f.customers.globex, t.f.alice.id, over));
  const historyRows = async (id: string) =>
    adminSql<{ operation: string; changes: Record<string, unknown> }>(
      t.env as never,
      'select operation, changes from contracts_history where contract_id = $1 order by at, id',
      [id],
    );

  it('corrects the terms of a draft, with the notice deadline recomputed and the version bumped', async () => {
    const c = await draft();
    const updated = await contracts().update(
      t.f.as(t.f.alice),
      c.id,
      {
        subject: 'Support gold',
        value: { kind: 'total', amount: '7200.50', currency: 'USD' },
        startOn: '2027-02-01',
        endOn: '2028-01-31',
        notice: { days: 30 },
        autoRenewal: null,
        notes: 'negotiated by phone',
        custom: { tier: 'gold' },
      },
      { expectedVersion: c.version },
    );
    expect(updated).toMatchObject({
      subject: 'Support gold',
      value: { kind: 'total', amount: '7200.5', currency: 'USD' },
      startOn: '2027-02-01',
      endOn: '2028-01-31',
      notice: { days: 30 },
      noticeOn: '2028-01-01',
      autoRenewal: null,
      notes: 'negotiated by phone',
      custom: { tier: 'gold' },
      status: 'draft',
      version: c.version + 1,
    });
    expect(await contracts().get(t.f.as(t.f.alice), c.id)).toEqual(updated);
  });

  it('leaves a history row with each changed field before and after, a journal entry and a contractUpdated event', async () => {
    const c = await draft();
    await contracts().update(t.f.as(t.f.alice), c.id, { subject: 'Support plus', endOn: '2027-06-30' });
    const rows = await historyRows(c.id);
    expect(rows).toEqual([
      {
        operation: 'updated',
        changes: {
          subject: { before: 'Support', after: 'Support plus' },
          endOn: { before: '2027-12-31', after: '2027-06-30' },
        },
      },
    ]);
    const history = await contracts().history(t.f.as(t.f.alice), c.id);
    expect(history).toEqual([
      expect.objectContaining({ operation: 'updated', actor: { kind: 'employee', id: t.f.alice.id } }),
    ]);
    const timeline = await t.env.crm.services.timeline.timeline(t.f.as(t.f.alice), t.f.customers.globex, {
      types: ['contract'],
      subject: { type: 'contract', id: c.id },
    });
    const entry = timeline.items.find((e) => (e.data as { event?: string }).event === 'updated');
    expect(entry?.data).toMatchObject({
      contractId: c.id,
      from: 'draft',
      to: 'draft',
      fields: ['subject', 'endOn'],
    });
    const event = updates.find((u) => u.contract.id === c.id);
    expect(event).toMatchObject({ before: { subject: 'Support' }, contract: { subject: 'Support plus' } });
    expect(Object.keys(event!.changes)).toEqual(['subject', 'endOn']);
  });

  it('writes nothing for a patch that changes nothing', async () => {
    const c = await draft();
    const same = await contracts().update(t.f.as(t.f.alice), c.id, { subject: 'Support', custom: {} });
    expect(same.version).toBe(c.version);
    expect(await historyRows(c.id)).toEqual([]);
  });

  it('refuses a stale expectedVersion as a conflict and writes nothing', async () => {
    const c = await draft();
    await contracts().update(t.f.as(t.f.alice), c.id, { subject: 'First' });
    await expect(
      contracts().update(t.f.as(t.f.alice), c.id, { subject: 'Second' }, { expectedVersion: c.version }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await contracts().get(t.f.as(t.f.alice), c.id)).subject).toBe('First');
  });

  it('applies the rules of create to the merged contract: end before start, notice without end, bad amount', async () => {
    const c = await draft();
    const ctx = t.f.as(t.f.alice);
    await expect(contracts().update(ctx, c.id, { startOn: '2028-01-01' })).rejects.toMatchObject({
      code: 'INVALID_DATA',
      issues: [expect.objectContaining({ path: 'endOn' })],
    });
    await expect(contracts().update(ctx, c.id, { endOn: null })).rejects.toMatchObject({
      code: 'INVALID_DATA',
      issues: expect.arrayContaining([expect.objectContaining({ path: 'notice' })]),
    });
    await expect(
      contracts().update(ctx, c.id, { value: { kind: 'total', amount: '1.23456', currency: 'EUR' } }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      issues: [expect.objectContaining({ path: 'value.amount' })],
    });
    await expect(contracts().update(ctx, c.id, { ownerId: t.f.bob.id } as never)).rejects.toMatchObject({
      code: 'INVALID_DATA',
    });
    expect(await contracts().get(ctx, c.id)).toEqual(c);
  });

  it('lets only notes and custom fields change once signed, naming the field and the status otherwise', async () => {
    const ctx = t.f.as(t.f.alice);
    const c = await activeContract(t.env as never, ctx, supportContract(t.f.customers.globex, t.f.alice.id));
    const error = await contracts()
      .update(ctx, c.id, { subject: 'Other', notes: 'fine' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'INVALID_DATA',
      issues: [expect.objectContaining({ path: 'subject' })],
    });
    expect((error as { issues: Array<{ message: string }> }).issues[0]!.message).toContain('active');
    const noted = await contracts().update(ctx, c.id, {
      notes: 'renewal talks in May',
      custom: { po: '4711' },
    });
    expect(noted).toMatchObject({
      notes: 'renewal talks in May',
      custom: { po: '4711' },
      subject: 'Support',
    });
  });

  it('lets the owner, a manager who sees it and an administrator edit, and refuses a colleague who only sees it', async () => {
    // Alice owns the contract; the party is Bob's, so Bob sees it without owning it.
    const c = await contracts().create(
      t.f.as(t.f.salesManager),
      supportContract(t.f.customers.umbrella, t.f.alice.id),
    );
    await expect(contracts().get(t.f.as(t.f.bob), c.id)).resolves.toMatchObject({ id: c.id });
    await expect(contracts().update(t.f.as(t.f.bob), c.id, { notes: 'mine now' })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    await expect(contracts().transition(t.f.as(t.f.bob), c.id, { to: 'in_approval' })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    expect(await historyRows(c.id)).toEqual([]);
    await contracts().update(t.f.as(t.f.alice), c.id, { notes: 'owner' });
    await contracts().update(t.f.as(t.f.northManager), c.id, { notes: 'manager' });
    await contracts().update(t.f.as(t.f.admin), c.id, { notes: 'admin' });
    await contracts().update(t.f.system, c.id, { notes: 'system' });
    expect(await historyRows(c.id)).toHaveLength(4);
  });
});
