import type { RapportError, RecordInput } from '@rapport/core';
import { definePlugin } from '@rapport/core/plugin';
import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loyaltyPlugin } from './fixtures/journal-plugin.js';

const issuesOf = (error: unknown) =>
  (error as RapportError).details.issues as Array<{ path: string; message: string; code: string }>;

// Shaped like a Northwind order: order 10248 has three lines, one of them discounted.
const order10248 = {
  type: 'sale',
  amount: '440.00',
  currency: 'EUR',
  externalId: 'northwind-order-10248',
  data: {
    orderNumber: '10248',
    items: [
      { sku: '11', name: 'Queso Cabrales', quantity: 12, unitPrice: '14.00' },
      { sku: '42', name: 'Singaporean Hokkien Fried Mee', quantity: 10, unitPrice: '9.80' },
      { sku: '72', name: 'Mozzarella di Giovanni', quantity: 5, unitPrice: '34.80' },
    ],
  },
} as const;

describe('money events with structured lines', () => {
  let env: TestCrm<[typeof loyaltyPlugin]>;
  let org: OrgFixture;
  let customer: string;

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [loyaltyPlugin] });
    org = await seedOrganisation(env.crm);
    customer = (
      await env.crm.services.parties.create(org.system, {
        kind: 'organization',
        organizationName: 'Vins et alcools Chevalier',
      })
    ).party.id;
  });
  afterAll(() => env?.close());

  const sale = (input: Omit<RecordInput, 'parties' | 'type'> & { type?: string }) =>
    env.crm.services.journal.record(org.system, {
      type: 'sale',
      ...input,
      parties: [{ partyId: customer }],
    } as RecordInput);
  const refusal = (input: Parameters<typeof sale>[0]) => sale(input).catch((error: unknown) => error);

  it('keeps every line with its exact total, computed from quantity and unit price', async () => {
    const { entry } = await sale(order10248);
    expect(
      (entry.data as { items: Array<{ total: string; quantity: string }> }).items.map((l) => [
        l.quantity,
        l.total,
      ]),
    ).toEqual([
      ['12', '168.00'],
      ['10', '98.00'],
      ['5', '174.00'],
    ]);
  });

  it('applies a percent discount and a tax rate exactly, without floats', async () => {
    const { entry } = await sale({
      amount: '100.29',
      currency: 'EUR',
      data: {
        items: [
          {
            name: 'Chai',
            quantity: '3',
            unitPrice: '0.10',
            discount: { percent: 15 },
            tax: { rate: '19' },
            total: '0.31',
          },
          {
            name: 'Chang',
            quantity: 5,
            unitPrice: '19.00',
            discount: { amount: '15.00' },
            tax: { amount: '0' },
          },
          { name: 'Aniseed Syrup', quantity: 1, unitPrice: '19.98' },
        ],
      },
    });
    const items = (entry.data as { items: Array<{ total: string; discount?: unknown }> }).items;
    expect(items.map((l) => l.total)).toEqual(['0.31', '80.00', '19.98']);
    expect(items[0]!.discount).toEqual({ percent: '15' });
  });

  it('checks a total written unrounded, as exports give it, at the precision it was given', async () => {
    // 7 × 15.55 less 15 % is 92.5225: the line keeps it, and so must the amount.
    const line = {
      name: 'Gnocchi',
      quantity: 7,
      unitPrice: '15.55',
      discount: { percent: 15 },
      total: '92.5225',
    };
    const { entry } = await sale({ amount: '92.5225', currency: 'EUR', data: { items: [line] } });
    expect((entry.data as { items: Array<{ total: string }> }).items[0]!.total).toBe('92.5225');
    const error = await refusal({ amount: '92.52', currency: 'EUR', data: { items: [line] } });
    expect(issuesOf(error)).toEqual([
      expect.objectContaining({
        path: 'amount',
        message: 'lines total 92.5225 ≠ amount 92.5200 (difference 0.0025)',
      }),
    ]);
  });

  it('says by how much the lines and the amount disagree, on the amount', async () => {
    const error = await refusal({ ...order10248, externalId: undefined, amount: '446.60' });
    expect(issuesOf(error)).toEqual([
      expect.objectContaining({
        path: 'amount',
        message: 'lines total 440.00 ≠ amount 446.60 (difference 6.60)',
      }),
    ]);
  });

  it('refuses a line whose total does not match its quantity, price and discount, naming the line', async () => {
    const error = await refusal({
      amount: '30.00',
      currency: 'EUR',
      data: {
        items: [
          { name: 'Ikura', quantity: 2, unitPrice: '20.00', discount: { percent: '20' }, total: '30.00' },
        ],
      },
    });
    expect(issuesOf(error)).toEqual([
      expect.objectContaining({
        path: 'data.items.0.total',
        message: expect.stringContaining('difference 2.00'),
      }),
    ]);
  });

  it('refuses a discount given both ways, a percent over 100 and a line with neither price nor total', async () => {
    const error = await refusal({
      amount: '1',
      currency: 'EUR',
      data: {
        items: [
          { name: 'A', quantity: 1, unitPrice: '1', discount: { percent: 5, amount: '1' } },
          { name: 'B', quantity: 1, unitPrice: '1', discount: { percent: 150 } },
        ],
      } as never,
    });
    expect(
      issuesOf(error)
        .map((i) => i.path)
        .sort(),
    ).toEqual(['data.items.0.discount', 'data.items.1.discount.percent']);
    const missing = await refusal({
      amount: '1',
      currency: 'EUR',
      data: { items: [{ name: 'C', quantity: 1 }] },
    });
    expect(issuesOf(missing).map((i) => i.path)).toEqual(['data.items.0.unitPrice']);
  });

  it('refuses an unknown key in activity data naming its path, instead of dropping it', async () => {
    const error = await refusal({
      amount: '14.00',
      currency: 'EUR',
      data: {
        items: [{ name: 'Tofu', quantity: 1, unitPrice: '14.00', discont: '0.05' }],
        shipVia: 3,
      } as never,
    });
    expect(issuesOf(error).map((i) => [i.path, i.code])).toEqual([
      ['data.items.0.discont', 'unrecognized_keys'],
      ['data.shipVia', 'unrecognized_keys'],
    ]);
    const call = await env.crm.services.journal
      .record(org.system, {
        type: 'call_outgoing',
        parties: [{ partyId: customer }],
        data: { phone: '1', mood: 'ok' } as never,
      })
      .catch((e: unknown) => e);
    expect(issuesOf(call).map((i) => i.path)).toEqual(['data.mood']);
  });

  it('refuses an unknown key in a plugin type declared with a plain z.object', async () => {
    const error = await env.crm.services.journal
      .record(org.system, {
        type: 'myplugin.thing',
        parties: [{ partyId: customer }],
        data: { size: 1, weight: 2 } as never,
      })
      .catch((e: unknown) => e);
    expect(issuesOf(error).map((i) => i.path)).toEqual(['data.weight']);
  });

  it('keeps what a line carries in extra, as it is', async () => {
    const { entry } = await sale({
      amount: '18.00',
      currency: 'EUR',
      data: {
        items: [
          { name: 'Chai', quantity: 1, unitPrice: '18.00', extra: { reorderLevel: 10, discontinued: false } },
        ],
      },
    });
    expect((entry.data as { items: Array<{ extra: unknown }> }).items[0]!.extra).toEqual({
      reorderLevel: 10,
      discontinued: false,
    });
  });

  it('records a refund and an expense with lines', async () => {
    const refund = await sale({
      type: 'refund',
      amount: '28.00',
      currency: 'EUR',
      data: { reason: 'damaged', items: [{ name: 'Queso Cabrales', quantity: 2, unitPrice: '14.00' }] },
    });
    expect(refund.created).toBe(true);
    const error = await refusal({
      type: 'expense',
      amount: '10.00',
      currency: 'EUR',
      data: { category: 'travel', items: [{ name: 'Taxi', quantity: 1, unitPrice: '12.00' }] },
    });
    expect(issuesOf(error)).toEqual([
      expect.objectContaining({ path: 'amount', message: expect.stringContaining('difference 2.00') }),
    ]);
  });
});

let announced = 0;
const counter = definePlugin({
  name: 'announcement-counter',
  version: '1.0.0',
  setup: (api) =>
    api.tap('activityRecorded', async () => {
      announced += 1;
    }),
});

describe('recording entries again', () => {
  let env: TestCrm<[typeof counter]>;
  let org: OrgFixture;
  let customer: string;

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [counter] });
    org = await seedOrganisation(env.crm, 'Re-recorders');
    customer = (await env.crm.services.parties.create(org.system, { kind: 'person', familyName: 'Again' }))
      .party.id;
  });
  afterAll(() => env?.close());

  const order = (n: number): RecordInput => ({
    type: 'sale',
    parties: [{ partyId: customer }],
    amount: '10.00',
    currency: 'EUR',
    externalId: `order-${n}`,
  });

  it('gives back the entries recorded before, without writing or announcing them again', async () => {
    const first = await env.crm.services.journal.recordMany(org.system, [order(1), order(2)]);
    announced = 0;
    const again = await env.crm.services.journal.recordMany(org.system, [order(1), order(3), order(2)]);
    expect(again.map((r) => r.created)).toEqual([false, true, false]);
    expect(again[0]!.entry).toEqual(first[0]!.entry);
    expect(again[2]!.entry.id).toBe(first[1]!.entry.id);
    expect(announced).toBe(1);
  });

  it('reports a problem of a new entry at its index in the batch when known entries are skipped', async () => {
    await env.crm.services.journal.recordMany(org.system, [order(10)]);
    const error = await env.crm.services.journal
      .recordMany(org.system, [
        order(10),
        { ...order(11), employeeId: '0190a0a0-0000-7000-8000-000000000000' },
      ])
      .catch((e: unknown) => e);
    expect(issuesOf(error).map((i) => i.path)).toEqual(['1.employeeId']);
  });
});
