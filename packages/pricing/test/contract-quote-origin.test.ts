import { type ContractInput, contractsPlugin } from '@rapport/contracts';
import { documentsPlugin } from '@rapport/documents';
import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pricingPlugin } from '../src/index.js';
import { seedCatalogue } from './quotes-fixture.js';

const UNKNOWN = '018f0000-0000-7000-8000-000000000000';

/**
 * A contract naming the quote it came from, with the real `@rapport/contracts`: contracts checks the
 * quote through pricing's own `quotes.get` (the deal side is tested in contracts' `origin.test.ts`).
 */
describe('the quote a contract came from', () => {
  let env: TestCrm<[typeof documentsPlugin, typeof contractsPlugin, typeof pricingPlugin]>;
  let org: OrgFixture;
  let globex: string;
  let umbrella: string;
  let quote: string;
  const contract = (partyId: string, ownerId: string, over: Partial<ContractInput> = {}): ContractInput => ({
    partyId,
    ownerId,
    subject: 'Support',
    value: { kind: 'recurring', amount: '500.00', currency: 'EUR', period: 'month' },
    startOn: '2027-01-01',
    endOn: '2027-12-31',
    ...over,
  });

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [documentsPlugin, contractsPlugin, pricingPlugin] });
    org = await seedOrganisation(env.crm);
    await seedCatalogue(env.crm, org.system);
    const customer = async (organizationName: string, ownerId: string) =>
      (
        await env.crm.services.parties.create(org.system, {
          kind: 'organization',
          organizationName,
          ownerId,
        })
      ).party.id;
    globex = await customer('Globex', org.alice.id);
    umbrella = await customer('Umbrella', org.bob.id);
    quote = (
      await env.crm.services.quotes.create(org.as(org.alice), {
        partyId: globex,
        currency: 'EUR',
        validUntil: '2099-12-31',
        lines: [{ sku: 'CHAIR-01', quantity: '1' }],
      })
    ).id;
  });
  afterAll(() => env?.close());

  it('keeps a quote the actor may see', async () => {
    const c = await env.crm.services.contracts.create(
      org.as(org.alice),
      contract(globex, org.alice.id, { quoteId: quote }),
    );
    expect(c.quoteId).toBe(quote);
  });

  it('refuses an unknown quote as invalid data naming quoteId, and a hidden one as not allowed', async () => {
    const contracts = env.crm.services.contracts;
    await expect(
      contracts.create(org.as(org.alice), contract(globex, org.alice.id, { quoteId: UNKNOWN })),
    ).rejects.toMatchObject({ code: 'INVALID_DATA', issues: [expect.objectContaining({ path: 'quoteId' })] });
    // Bob works Umbrella and cannot see Alice's Globex quote.
    const before = (await contracts.list(org.system)).items.length;
    await expect(
      contracts.create(org.as(org.bob), contract(umbrella, org.bob.id, { quoteId: quote })),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    const own = await contracts.create(org.as(org.bob), contract(umbrella, org.bob.id));
    await expect(contracts.update(org.as(org.bob), own.id, { quoteId: quote })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    expect((await contracts.list(org.system)).items).toHaveLength(before + 1);
  });
});
