import { CORE_ACTIVITY_TYPES, type RapportError, type RecordInput } from '@rapport/core';
import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loyaltyPlugin } from './fixtures/journal-plugin.js';

type CoreType = (typeof CORE_ACTIVITY_TYPES)[number]['key'];
type Sample = Omit<RecordInput, 'type' | 'parties'>;

/** One valid and one invalid sample per core type; `paths` are the issues the invalid one must raise. */
const SAMPLES: Record<CoreType, { valid: Sample; invalid: Sample; paths: string[] }> = {
  event: {
    valid: {
      data: { kind: 'seminar', name: 'Spring seminar', location: 'Berlin' },
      amount: '120.00',
      currency: 'EUR',
    },
    invalid: { data: { kind: 'party', name: '' } },
    paths: ['data.kind', 'data.name'],
  },
  task: {
    valid: { data: { title: 'Send the catalogue', description: 'the 2026 one' } },
    invalid: { data: { description: 'no title' } },
    paths: ['data.title'],
  },
  survey: {
    valid: {
      data: {
        title: 'Satisfaction',
        answers: [
          { question: 'Happy?', answer: true },
          { question: 'Score', answer: 9 },
          { question: 'Comment', answer: null },
        ],
      },
    },
    invalid: { data: { title: 'Satisfaction', answers: [{ question: '', answer: 1 }] } },
    paths: ['data.answers.0.question'],
  },
  appointment: {
    valid: { data: { title: 'Contract signing', location: 'Office' } },
    invalid: { data: { location: 'Office' } },
    paths: ['data.title'],
  },
  call_outgoing: {
    valid: { data: { phone: '+49 30 1234567' }, durationSeconds: 120, outcome: 'interested' },
    invalid: { data: { phone: 'x'.repeat(41) } },
    paths: ['data.phone'],
  },
  call_incoming: {
    valid: { data: { phone: '+49 30 7654321' }, durationSeconds: 60 },
    invalid: { data: { phone: '   ' } },
    paths: ['data.phone'],
  },
  meeting: {
    valid: { data: { title: 'Quarterly review' }, durationSeconds: 3600 },
    invalid: { data: { title: 42 } as never },
    paths: ['data.title'],
  },
  visit: {
    valid: { data: { address: 'Hauptstr. 1, Berlin' } },
    invalid: { data: { address: '' } },
    paths: ['data.address'],
  },
  sms: {
    valid: {
      direction: 'outbound',
      data: {
        to: '+4915112345678',
        from: 'AcmeShop',
        text: 'See you tomorrow',
        status: 'sent',
        segments: 1,
        encoding: 'GSM-7',
        providerId: 'SM0123',
      },
    },
    invalid: { direction: 'outbound', data: { status: 'read', encoding: 'UTF-8' } as never },
    paths: ['data.encoding', 'data.status'],
  },
  email: {
    valid: { direction: 'inbound', data: { subject: 'Re: offer', messageId: '<a@b>', status: 'delivered' } },
    invalid: { direction: 'outbound', data: { status: 'opened' } as never },
    paths: ['data.status'],
  },
  sale: {
    valid: {
      amount: '199.90',
      currency: 'EUR',
      data: {
        invoiceNumber: 'INV-7',
        items: [{ name: 'Chair', quantity: '2', unitPrice: '99.95', total: '199.90' }],
      },
    },
    invalid: { amount: '10', currency: 'EUR', data: { items: [{ name: 'Chair', quantity: 0 }] } },
    paths: ['data.items.0.quantity'],
  },
  payment_received: {
    valid: { amount: '199.90', currency: 'EUR', data: { method: 'bank_transfer', reference: 'INV-7' } },
    invalid: { amount: '199.90', currency: 'EUR', data: { method: 'cheque' } as never },
    paths: ['data.method'],
  },
  expense: {
    valid: { amount: '35.50', currency: 'EUR', data: { category: 'travel', description: 'train' } },
    invalid: { amount: '35.50', currency: 'EUR', data: {} as never },
    paths: ['data.category'],
  },
  refund: {
    valid: { amount: '20', currency: 'EUR', data: { reason: 'damaged', reference: 'RMA-1' } },
    invalid: { amount: '20', currency: 'EUR', data: { reason: '' } },
    paths: ['data.reason'],
  },
  bank_payment: {
    valid: { amount: '1000', currency: 'USD', data: { reference: 'SEPA-1', account: 'DE89…' } },
    invalid: { amount: '1000', currency: 'USD', data: { account: 'x'.repeat(101) } },
    paths: ['data.account'],
  },
  deal: {
    valid: { data: { title: 'Fleet renewal', stage: 'proposal' }, amount: '50000', currency: 'EUR' },
    invalid: { data: { title: 'Fleet renewal', dealId: 'not-a-uuid' } },
    paths: ['data.dealId'],
  },
};

const KEYS = CORE_ACTIVITY_TYPES.map((t) => t.key);
const traitsOf = (key: string) =>
  CORE_ACTIVITY_TYPES.find((t) => t.key === key)!.traits as Record<string, unknown>;
const PLANNABLE = KEYS.filter((k) => traitsOf(k).plannable);
const NOT_PLANNABLE = KEYS.filter((k) => !traitsOf(k).plannable);

const pathsOf = (error: unknown) =>
  ((error as RapportError).details.issues as Array<{ path: string }>).map((i) => i.path).sort();

describe('activity types', () => {
  let env: TestCrm<[typeof loyaltyPlugin]>;
  let org: OrgFixture;
  let customer: string;

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [loyaltyPlugin] });
    org = await seedOrganisation(env.crm);
    customer = (
      await env.crm.services.parties.create(org.as(org.alice), { kind: 'person', familyName: 'Typed' })
    ).party.id;
  });
  afterAll(() => env?.close());

  const record = (input: Sample & { type: string }) =>
    env.crm.services.journal.record(org.as(org.alice), { ...input, parties: [{ partyId: customer }] });
  const refusal = (input: Sample & { type: string }) => record(input).catch((error: unknown) => error);
  const countEntries = async () => {
    const [row] = await env.crm.transaction(org.system, (tx) =>
      tx.sql<{ n: number }>('select count(*)::int as n from core_journal_entry where tenant_id = $1', [
        tx.tenantId,
      ]),
    );
    return row!.n;
  };

  it('has a valid and an invalid sample for every core activity type', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...KEYS].sort());
    expect(env.crm.services.activityTypes.list().map((t) => t.key)).toEqual(expect.arrayContaining(KEYS));
  });

  it.each(KEYS)('records a valid %s entry with its data', async (key) => {
    const sample = SAMPLES[key].valid;
    const { entry, created } = await record({ type: key, ...sample });
    expect(created).toBe(true);
    expect(entry).toMatchObject({ type: key, data: sample.data, employeeId: org.alice.id });
    expect(entry.parties).toEqual([{ partyId: customer, role: 'customer' }]);
    expect(await env.crm.services.journal.get(org.as(org.alice), entry.id)).toEqual(entry);
  });

  it.each(KEYS)('refuses an invalid %s entry with the offending paths and writes nothing', async (key) => {
    const before = await countEntries();
    const error = await refusal({ type: key, ...SAMPLES[key].invalid });
    expect(error).toMatchObject({ code: 'INVALID_DATA' });
    expect(pathsOf(error)).toEqual(SAMPLES[key].paths);
    expect(await countEntries()).toBe(before);
  });

  it('requires an amount of the types that carry one', async () => {
    expect(pathsOf(await refusal({ type: 'payment_received', data: {} }))).toEqual(['amount']);
  });

  it('refuses an amount on types that carry none', async () => {
    const error = await refusal({ type: 'task', data: { title: 'x' }, amount: '5', currency: 'EUR' });
    expect(pathsOf(error)).toEqual(['amount']);
  });

  it('takes an amount on types where it is optional, or none', async () => {
    expect((await record({ type: 'deal', data: { title: 'no amount' } })).entry.amount).toBeNull();
    expect(
      (await record({ type: 'deal', data: { title: 'amount' }, amount: 5, currency: 'usd' })).entry,
    ).toMatchObject({
      amount: '5.00',
      currency: 'USD',
    });
  });

  it('refuses an amount without a currency and a currency without an amount', async () => {
    expect(pathsOf(await refusal({ type: 'sale', amount: '5' }))).toEqual(['currency']);
    expect(pathsOf(await refusal({ type: 'deal', data: { title: 'x' }, currency: 'EUR' }))).toEqual([
      'currency',
    ]);
  });

  it('refuses an amount that is not an exact decimal', async () => {
    expect(pathsOf(await refusal({ type: 'sale', amount: '1.23456', currency: 'EUR' }))).toEqual(['amount']);
  });

  it('requires a direction of the types that have either', async () => {
    expect(pathsOf(await refusal({ type: 'email', data: { subject: 'hi' } }))).toEqual(['direction']);
    expect(pathsOf(await refusal({ type: 'sms', data: {} }))).toEqual(['direction']);
  });

  it('fills in the fixed direction of calls and refuses the other one', async () => {
    expect((await record({ type: 'call_incoming' })).entry.direction).toBe('inbound');
    expect((await record({ type: 'call_outgoing' })).entry.direction).toBe('outbound');
    expect(pathsOf(await refusal({ type: 'call_incoming', direction: 'outbound' }))).toEqual(['direction']);
  });

  it('refuses a direction on types that have none', async () => {
    expect(pathsOf(await refusal({ type: 'visit', direction: 'inbound' }))).toEqual(['direction']);
  });

  it.each(PLANNABLE)('plans a %s, assigned to the recording employee by default', async (key) => {
    const dueAt = new Date(Date.now() + 86_400_000);
    const { entry } = await record({ type: key, ...SAMPLES[key].valid, status: 'planned', dueAt });
    expect(entry).toMatchObject({ status: 'planned', assigneeId: org.alice.id, dueAt });
  });

  it.each(NOT_PLANNABLE)('refuses to plan a %s', async (key) => {
    const error = await refusal({ type: key, ...SAMPLES[key].valid, status: 'planned', dueAt: new Date() });
    expect(pathsOf(error)).toEqual(['status']);
  });

  it('refuses planned work without a due time', async () => {
    expect(pathsOf(await refusal({ type: 'task', data: { title: 'x' }, status: 'planned' }))).toEqual([
      'dueAt',
    ]);
  });

  it('refuses a reminder on work that is not planned', async () => {
    const error = await refusal({
      type: 'task',
      data: { title: 'x' },
      status: 'done',
      remindMinutesBefore: 5,
    });
    expect(pathsOf(error)).toEqual(['remindMinutesBefore']);
  });

  it('refuses an employee or assignee who is not of the tenant, with the field path', async () => {
    const stranger = '01890a5d-ac96-774b-bcce-b302099a8057';
    const error = await refusal({
      type: 'task',
      data: { title: 'x' },
      status: 'planned',
      dueAt: new Date(),
      assigneeId: stranger,
      employeeId: stranger,
    });
    expect(pathsOf(error)).toEqual(['assigneeId', 'employeeId']);
  });

  it('refuses new planned work for a deactivated assignee', async () => {
    const leaver = await env.crm.services.employees.create(org.system, {
      name: 'Leaver',
      email: 'leaver@acme.test',
      departmentId: org.departments.north,
      role: 'agent',
    });
    await env.crm.services.employees.deactivate(org.as(org.admin), leaver.id, {
      leaveUnassigned: true,
      reason: 'left',
    });
    const error = await refusal({
      type: 'task',
      data: { title: 'x' },
      status: 'planned',
      dueAt: new Date(),
      assigneeId: leaver.id,
    });
    expect(pathsOf(error)).toEqual(['assigneeId']);
    // A past visit may still be recorded in the leaver's name, by a manager of theirs.
    const { entry } = await env.crm.services.journal.record(org.as(org.northManager), {
      type: 'visit',
      employeeId: leaver.id,
      occurredAt: new Date('2025-01-01'),
      parties: [{ partyId: customer }],
    });
    expect(entry.employeeId).toBe(leaver.id);
  });

  it('reports the issues of a batch under each entry’s index and records none of it', async () => {
    const before = await countEntries();
    const error = await env.crm.services.journal
      .recordMany(org.as(org.alice), [
        { type: 'visit', parties: [{ partyId: customer }] },
        { type: 'task', parties: [{ partyId: customer }], data: {} },
        { type: 'sale', parties: [{ partyId: customer }] },
      ])
      .catch((e: unknown) => e);
    expect(pathsOf(error)).toEqual(['1.data.title', '2.amount']);
    expect(await countEntries()).toBe(before);
  });

  it('refuses an unknown activity type', async () => {
    expect(pathsOf(await refusal({ type: 'myplugin.nothing' }))).toEqual(['type']);
  });

  it('records a plugin-registered activity type with its typed data', async () => {
    const { entry } = await env.crm.services.journal.record(org.as(org.alice), {
      type: 'myplugin.thing',
      parties: [{ partyId: customer }],
      data: { size: 3, colour: 'red' },
      amount: '12.5',
      currency: 'EUR',
    });
    expect(entry).toMatchObject({
      type: 'myplugin.thing',
      data: { size: 3, colour: 'red' },
      amount: '12.50',
    });
    expect(env.crm.services.activityTypes.get('myplugin.thing')).toMatchObject({
      owner: 'myplugin',
      label: 'Thing',
    });
  });

  it('validates a plugin-registered activity type against its schema', async () => {
    const error = await env.crm.services.journal
      .record(org.as(org.alice), {
        type: 'myplugin.thing',
        parties: [{ partyId: customer }],
        data: { size: -1 },
      })
      .catch((e: unknown) => e);
    expect(pathsOf(error)).toEqual(['data.size']);
  });

  it('refuses a second registration of an activity type key', () => {
    expect(() => env.crm.services.activityTypes.register('other', { ...SAMPLE_TYPE, key: 'task' })).toThrow(
      expect.objectContaining({ code: 'DUPLICATE' }),
    );
  });
});

const SAMPLE_TYPE = CORE_ACTIVITY_TYPES[1];
