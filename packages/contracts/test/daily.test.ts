import { definePlugin } from '@rapport/core/plugin';
import { documentsPlugin } from '@rapport/documents';
import { createTestCrm, drainJobs, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ContractsExpiringEvent,
  type ContractTransitionedEvent,
  contractsPlugin,
} from '../src/index.js';
import { activeContract, type ContractsFixture, seedContracts, supportContract } from './fixture.js';

const expiring: ContractsExpiringEvent[] = [];
const moved: ContractTransitionedEvent[] = [];

/** Records `contractsExpiring`; vetoes the expiry of contracts whose subject says "hold". */
const watcher = definePlugin({
  name: 'contract-watcher',
  version: '1.0.0',
  dependencies: { '@rapport/contracts': '^0.1.0' },
  setup(api) {
    api.tap('contractsExpiring', async (event) => {
      expiring.push(event);
    });
    api.tap('contractTransitioned', async (event) => {
      moved.push(event);
    });
    api.tap('beforeContractTransition', async (request) =>
      (request.to === 'expired' && request.contract.subject.includes('hold')) ||
      (request.to === 'active' && request.contract.subject.includes('freeze'))
        ? { veto: 'on hold' }
        : undefined,
    );
  },
});

describe('the daily contracts job (controlled clock)', () => {
  let env: TestCrm<[typeof documentsPlugin, typeof contractsPlugin, typeof watcher]>;
  let serial = 0;
  const contracts = () => env.crm.services.contracts;
  /** A tenant of its own per test, so one test's contracts never show up in another's run. */
  const tenant = (): Promise<ContractsFixture> => seedContracts(env as never, `Daily ${++serial}`);
  const agendaOf = (f: ContractsFixture) =>
    env.crm.services.agenda.agenda(f.as(f.alice), {
      from: new Date('2020-01-01'),
      to: new Date('2040-01-01'),
    });

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [documentsPlugin, contractsPlugin, watcher] });
  });
  afterAll(() => env?.close());

  it('writes a planned task in the owner’s journal 30 and 7 days before the notice deadline, once per day', async () => {
    const f = await tenant();
    const c = await activeContract(env as never, f.system, supportContract(f.customers.globex, f.alice.id));
    expect(c.noticeOn).toBe('2027-09-30');
    expect((await contracts().runDaily(f.system, { on: '2027-08-30' })).reminders).toEqual([]);
    const first = await contracts().runDaily(f.system, { on: '2027-08-31' });
    expect(first.reminders).toEqual([
      expect.objectContaining({ contractId: c.id, kind: 'notice', deadlineOn: '2027-09-30', daysLeft: 30 }),
    ]);
    const agenda = await agendaOf(f);
    expect(agenda).toHaveLength(1);
    expect(agenda[0]).toMatchObject({
      type: 'task',
      status: 'planned',
      assigneeId: f.alice.id,
      subject: { type: 'contract', id: c.id },
    });
    expect((agenda[0]!.data as { title: string }).title).toContain(c.number);
    // The same day again: nothing new.
    const again = await contracts().runDaily(f.system, { on: '2027-08-31' });
    expect(again.reminders).toEqual([]);
    expect(await agendaOf(f)).toHaveLength(1);
    // 7 days before the notice deadline, then 30 days before the end.
    expect((await contracts().runDaily(f.system, { on: '2027-09-23' })).reminders).toMatchObject([
      { kind: 'notice', daysLeft: 7 },
    ]);
    expect((await contracts().runDaily(f.system, { on: '2027-12-01' })).reminders).toMatchObject([
      { kind: 'end', deadlineOn: '2027-12-31', daysLeft: 30 },
    ]);
    expect(await agendaOf(f)).toHaveLength(3);
    expect(expiring.some((e) => e.on === '2027-08-31' && e.contracts[0]?.contractId === c.id)).toBe(true);
  });

  it('catches up a missed day with one task for the most urgent threshold reached', async () => {
    const f = await tenant();
    await activeContract(env as never, f.system, supportContract(f.customers.globex, f.alice.id));
    const run = await contracts().runDaily(f.system, { on: '2027-09-25' });
    expect(run.reminders).toMatchObject([{ kind: 'notice', daysLeft: 5 }]);
    expect(await agendaOf(f)).toHaveLength(1);
    expect((await contracts().runDaily(f.system, { on: '2027-09-26' })).reminders).toEqual([]);
  });

  it('renews an auto-renewing contract on its end date, once, and expires one without renewal terms', async () => {
    const f = await tenant();
    const renewing = await activeContract(
      env as never,
      f.system,
      supportContract(f.customers.globex, f.alice.id),
    );
    const ending = await activeContract(
      env as never,
      f.system,
      supportContract(f.customers.umbrella, f.bob.id, { autoRenewal: undefined }),
    );
    const limited = await activeContract(
      env as never,
      f.system,
      supportContract(f.customers.umbrella, f.bob.id, {
        autoRenewal: { renewFor: { months: 12 }, maxRenewals: 0 },
      }),
    );
    expect((await contracts().runDaily(f.system, { on: '2027-12-30' })).renewed).toEqual([]);
    const run = await contracts().runDaily(f.system, { on: '2027-12-31' });
    expect(run.renewed).toHaveLength(1);
    expect(run.renewed[0]!.contractId).toBe(renewing.id);
    expect(run.expired.sort()).toEqual([ending.id, limited.id].sort());
    const renewal = await contracts().get(f.system, run.renewed[0]!.renewalId);
    expect(renewal).toMatchObject({
      status: 'active',
      startOn: '2028-01-01',
      endOn: '2028-12-31',
      renewalCount: 1,
    });
    expect(await contracts().get(f.system, renewing.id)).toMatchObject({
      status: 'renewed',
      endedOn: '2027-12-31',
    });
    expect(await contracts().get(f.system, ending.id)).toMatchObject({
      status: 'expired',
      endedOn: '2027-12-31',
    });
    expect((await contracts().transitions(f.system, renewing.id)).at(-1)).toMatchObject({
      fromStatus: 'active',
      toStatus: 'renewed',
      reason: 'automatic renewal',
      actor: { kind: 'system' },
    });
    expect(
      (await contracts().transitions(f.system, renewal.id)).map((t) => [t.fromStatus, t.toStatus]),
    ).toEqual([[null, 'active']]);
    const event = moved.find((e) => e.contract.id === renewing.id && e.to === 'renewed');
    expect(event?.renewal?.id).toBe(renewal.id);
    expect(event?.entry.data).toMatchObject({ contractId: renewing.id, from: 'active', to: 'renewed' });
    // A re-run (or a late one) changes nothing.
    const again = await contracts().runDaily(f.system, { on: '2027-12-31' });
    expect(again).toMatchObject({ renewed: [], expired: [], reminders: [] });
    expect((await contracts().list(f.system, { partyId: f.customers.globex })).items).toHaveLength(2);
  });

  it('leaves a contract whose expiry a tap vetoes as it was', async () => {
    const f = await tenant();
    const held = await activeContract(
      env as never,
      f.system,
      supportContract(f.customers.globex, f.alice.id, { subject: 'Support (hold)', autoRenewal: undefined }),
    );
    const run = await contracts().runDaily(f.system, { on: '2028-01-05' });
    expect(run.vetoed).toEqual([held.id]);
    expect((await contracts().get(f.system, held.id)).status).toBe('active');
  });

  it('runs as the scheduled job for the day in its payload, and uses the tenant’s time zone for today', async () => {
    const f = await tenant();
    const c = await activeContract(
      env as never,
      f.system,
      supportContract(f.customers.globex, f.alice.id, {
        autoRenewal: undefined,
        endOn: '2027-06-30',
        notice: undefined,
      }),
    );
    await env.crm.transaction(f.system, (tx) => tx.enqueue('contracts.daily', { on: '2027-06-30' }));
    const { completed, failed } = await drainJobs(env.crm, { names: ['contracts.daily'] });
    expect(failed).toEqual([]);
    expect(completed).toHaveLength(1);
    expect((await contracts().get(f.system, c.id)).status).toBe('expired');

    const g = await tenant();
    await env.crm.services.tenants.setTimeZone(g.tenantId, 'Pacific/Auckland');
    const d = await activeContract(
      env as never,
      g.system,
      supportContract(g.customers.globex, g.alice.id, {
        autoRenewal: undefined,
        endOn: '2027-06-30',
        notice: undefined,
      }),
    );
    // 2027-06-29 13:00 UTC is already 2027-06-30 01:00 in Auckland: the contract's end date has come.
    const run = await contracts().runDaily(g.system, { now: new Date('2027-06-29T13:00:00Z') });
    expect(run.on).toBe('2027-06-30');
    expect(run.expired).toEqual([d.id]);
  });

  /** Creates a contract and takes it to `signed`. */
  const signedContract = async (f: ContractsFixture, input: Parameters<typeof supportContract>[2] = {}) => {
    const c = await contracts().create(f.system, supportContract(f.customers.globex, f.alice.id, input));
    await contracts().transition(f.system, c.id, { to: 'in_approval' });
    return contracts().transition(f.system, c.id, { to: 'signed', reason: 'signed by both' });
  };

  it('activates a signed contract on its start date as the system, with a reason, a journal entry and contractTransitioned, once', async () => {
    const f = await tenant();
    const c = await signedContract(f, { startOn: '2027-03-01' });
    expect((await contracts().runDaily(f.system, { on: '2027-02-28' })).activated).toEqual([]);
    const run = await contracts().runDaily(f.system, { on: '2027-03-01' });
    expect(run.activated).toEqual([c.id]);
    expect(await contracts().get(f.system, c.id)).toMatchObject({ status: 'active', version: c.version + 1 });
    const last = (await contracts().transitions(f.system, c.id)).at(-1);
    expect(last).toMatchObject({
      fromStatus: 'signed',
      toStatus: 'active',
      reason: 'start date reached',
      actor: { kind: 'system' },
    });
    const event = moved.find((e) => e.contract.id === c.id && e.to === 'active');
    expect(event).toMatchObject({
      from: 'signed',
      reason: 'start date reached',
      contract: { status: 'active' },
    });
    expect(event?.entry.id).toBe(last?.journalEntryId);
    const again = await contracts().runDaily(f.system, { on: '2027-03-01' });
    expect(again.activated).toEqual([]);
    expect(await contracts().transitions(f.system, c.id)).toHaveLength(4);
  });

  it('activates a contract signed after its start date had passed on the next run', async () => {
    const f = await tenant();
    await contracts().runDaily(f.system, { on: '2027-03-10' });
    const late = await signedContract(f, { startOn: '2027-03-01' });
    const run = await contracts().runDaily(f.system, { on: '2027-03-10' });
    expect(run.activated).toEqual([late.id]);
  });

  it('leaves a contract whose activation a tap vetoes signed, reports it and activates the others', async () => {
    const f = await tenant();
    const frozen = await signedContract(f, { subject: 'Support (freeze)' });
    const fine = await signedContract(f);
    const run = await contracts().runDaily(f.system, { on: '2027-01-01' });
    expect(run.activated).toEqual([fine.id]);
    expect(run.vetoed).toEqual([frozen.id]);
    expect((await contracts().get(f.system, frozen.id)).status).toBe('signed');
    expect((await contracts().get(f.system, fine.id)).status).toBe('active');
  });

  it('numbers a renewal made by a catch-up run for the period of its own start date, not the run’s day', async () => {
    const f = await tenant();
    const c = await activeContract(
      env as never,
      f.system,
      supportContract(f.customers.globex, f.alice.id, { startOn: '2027-01-01', endOn: '2027-12-30' }),
    );
    const run = await contracts().runDaily(f.system, { on: '2028-01-03' });
    expect(run.renewed).toEqual([{ contractId: c.id, renewalId: expect.any(String) }]);
    const renewal = await contracts().get(f.system, run.renewed[0]!.renewalId);
    expect(renewal.startOn).toBe('2027-12-31');
    expect(renewal.number).toMatch(/^CT-2027-\d{5}$/);
  });

  it('refuses an agent running the daily job', async () => {
    const f = await tenant();
    await expect(contracts().runDaily(f.as(f.alice), { on: '2027-01-01' })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
  });
});
