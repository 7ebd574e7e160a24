import {
  type CallContext,
  definePlugin,
  type InjectionToken,
  injectable,
  isTxContext,
} from '@rapport/core/plugin';
import { pipelinePlugin } from '@rapport/pipeline';
import { createTestCrm, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pricingPlugin, type QuoteAcceptedEvent } from '../src/index.js';
import { adminSql, seedCatalogue } from './quotes-fixture.js';

const configured = pricingPlugin.configure({
  quotes: {
    onAccept: { winDeal: true, recordSale: true, createContract: true },
    dealAmountFollowsLines: true,
  },
});
const accepted: QuoteAcceptedEvent[] = [];

/** What the stand-in for `@rapport/contracts` was asked to create, and in which transaction. */
const contractCalls: Array<{ input: Record<string, unknown>; inTransaction: boolean }> = [];

/** A stand-in for `@rapport/contracts`: a plugin of that name with a `contracts` service. */
@injectable()
class ContractsStandIn {
  async create(ctx: CallContext, input: Record<string, unknown>) {
    contractCalls.push({ input, inTransaction: isTxContext(ctx) });
    return { id: '0190a000-0000-7000-8000-00000000c0de' };
  }
}
const contractsStandIn = definePlugin({
  name: '@rapport/contracts',
  version: '0.0.0-test',
  services: {
    contracts: {
      token: Symbol('contracts-stand-in') as InjectionToken<ContractsStandIn>,
      useClass: ContractsStandIn,
    },
  },
});

describe('accepting quotes, and deals with product lines', () => {
  let env: TestCrm<[typeof pipelinePlugin, typeof configured, typeof contractsStandIn]>;
  let org: Awaited<ReturnType<typeof seedOrganisation>>;
  let customer: string;
  let pipelineId: string;

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [pipelinePlugin, configured, contractsStandIn] });
    env.crm.hooks.quoteAccepted.tapPromise('test', async (event) => {
      accepted.push(event);
    });
    org = await seedOrganisation(env.crm);
    await seedCatalogue(env.crm, org.system);
    customer = (
      await env.crm.services.parties.create(org.system, {
        kind: 'organization',
        organizationName: 'Globex',
        ownerId: org.alice.id,
      })
    ).party.id;
    pipelineId = (
      await env.crm.services.pipelines.create(org.system, {
        name: 'Sales',
        currency: 'EUR',
        stages: [
          { name: 'Open', probability: 0.5 },
          { name: 'Won', outcome: 'won' },
          { name: 'Lost', outcome: 'lost' },
        ],
      })
    ).id;
  });
  afterAll(() => env?.close());

  const newDeal = () =>
    env.crm.services.deals.create(org.as(org.alice), { pipelineId, title: 'Chairs', customerId: customer });

  it('gives a deal product lines and makes its amount follow them', async () => {
    const deal = await newDeal();
    const lines = await env.crm.services.dealLines.set(org.as(org.alice), deal.id, {
      currency: 'EUR', // the deal has no amount yet, so no currency
      lines: [
        { sku: 'CHAIR-01', quantity: '10' },
        { sku: 'DESK-01', quantity: '7' },
      ],
    });
    expect(lines.map((l) => [l.sku, l.net])).toEqual([
      ['CHAIR-01', '1499.00'],
      ['DESK-01', '2.10'],
    ]);
    expect(await env.crm.services.deals.get(org.as(org.alice), deal.id)).toMatchObject({
      amount: '1501.1',
      currency: 'EUR',
    });
    await env.crm.services.dealLines.set(org.as(org.alice), deal.id, { lines: [] });
    expect(await env.crm.services.deals.get(org.as(org.alice), deal.id)).toMatchObject({ amount: null });
  });

  it('wins the deal, records a sale with the lines, creates a contract and fires quoteAccepted when the quote is accepted', async () => {
    const deal = await newDeal();
    const ctx = org.as(org.alice);
    const quote = await env.crm.services.quotes.create(ctx, {
      partyId: customer,
      dealId: deal.id,
      currency: 'EUR',
      lines: [
        { sku: 'CHAIR-01', quantity: '3' },
        { sku: 'DESK-01', quantity: '7' },
      ],
    });
    await env.crm.services.quotes.send(ctx, quote.id);
    await env.crm.services.quotes.accept(ctx, quote.id);
    expect((await env.crm.services.deals.get(ctx, deal.id)).status).toBe('won');
    const [sale] = await adminSql<{ amount: string; data: { orderNumber: string; items: unknown[] } }>(
      env,
      `select amount::text, data from core_journal_entry where type = 'sale' and subject_id = $1`,
      [quote.id],
    );
    expect(sale).toMatchObject({ amount: '537.3900', data: { orderNumber: quote.number } });
    expect(sale!.data.items).toHaveLength(2);
    expect(contractCalls).toEqual([
      {
        inTransaction: true,
        input: expect.objectContaining({
          partyId: customer,
          dealId: deal.id,
          quoteId: quote.id,
          value: { kind: 'total', amount: '537.39', currency: 'EUR' },
          ownerId: org.alice.id,
        }),
      },
    ]);
    expect(accepted.map((e) => [e.quote.id, e.version, e.lines.length, e.entry.type])).toEqual([
      [quote.id, 1, 2, 'offer_response'],
    ]);
  });

  it('refuses a deal of another customer, naming dealId', async () => {
    const deal = await newDeal();
    const other = (
      await env.crm.services.parties.create(org.system, {
        kind: 'organization',
        organizationName: 'Other',
        ownerId: org.alice.id,
      })
    ).party.id;
    await expect(
      env.crm.services.quotes.create(org.as(org.alice), {
        partyId: other,
        dealId: deal.id,
        currency: 'EUR',
        lines: [{ sku: 'CHAIR-01', quantity: '1' }],
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'dealId' })] },
    });
  });
});
