import { contractsPlugin } from '@rapport/contracts';
import { documentsPlugin } from '@rapport/documents';
import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pricingPlugin } from '../src/index.js';
import { adminSql, seedCatalogue } from './quotes-fixture.js';

const configured = pricingPlugin.configure({ quotes: { onAccept: { createContract: true } } });

/** Accepting a quote with the real `@rapport/contracts` (and `@rapport/documents` numbering both). */
describe('a draft contract from an accepted quote', () => {
  let env: TestCrm<[typeof documentsPlugin, typeof contractsPlugin, typeof configured]>;
  let org: OrgFixture;
  let customer: string;
  let failContracts = false;

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [documentsPlugin, contractsPlugin, configured] });
    // A failure inside contracts.create: its journal entry (type `contract`) is refused.
    env.crm.hooks.beforeActivityRecord.tapPromise('test', async (entry) => {
      if (failContracts && entry.type === 'contract') throw new Error('contracts are refused today');
      return entry;
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
  });
  afterAll(() => env?.close());

  const sentQuote = async () => {
    const ctx = org.as(org.alice);
    const quote = await env.crm.services.quotes.create(ctx, {
      partyId: customer,
      currency: 'EUR',
      validUntil: '2099-12-31',
      lines: [{ sku: 'CHAIR-01', quantity: '3' }],
    });
    return env.crm.services.quotes.send(ctx, quote.id);
  };

  it('creates the draft contract for the party, worth the quote’s gross, numbered by documents', async () => {
    const sent = await sentQuote();
    const accepted = await env.crm.services.quotes.accept(org.as(org.alice), sent.id, {});
    expect(accepted.status).toBe('accepted');
    const { items } = await env.crm.services.contracts.list(org.as(org.alice), { partyId: customer });
    expect(items).toHaveLength(1);
    const contract = items[0]!;
    // 3 × 149.90 = 449.70 net; 19 % tax 85.44; gross 535.14
    expect(contract).toMatchObject({
      partyId: customer,
      status: 'draft',
      quoteId: sent.id,
      ownerId: org.alice.id,
      value: { kind: 'total', amount: '535.14', currency: 'EUR' },
      documentIds: [sent.current.documentId],
    });
    expect(contract.number).toMatch(/^CT-\d{4}-00001$/);
    expect(await contractCounter()).toEqual([{ last: 1 }]);
  });

  /** The documents counter of type `contract`: what it allocated last. */
  const contractCounter = () =>
    adminSql(
      env,
      `select c.last_seq as last from documents_counter c join documents_type t on t.tenant_id = c.tenant_id and t.id = c.type_id
       where t.key = 'contract'`,
    );

  it('rolls the acceptance back when the contract cannot be created: still sent, no answer, no contract', async () => {
    const sent = await sentQuote();
    const entriesBefore = await adminSql(env, `select count(*)::int as n from core_journal_entry`);
    failContracts = true;
    try {
      await expect(env.crm.services.quotes.accept(org.as(org.alice), sent.id, {})).rejects.toThrow(
        'contracts are refused today',
      );
    } finally {
      failContracts = false;
    }
    expect((await env.crm.services.quotes.get(org.as(org.alice), sent.id)).status).toBe('sent');
    expect(await adminSql(env, `select count(*)::int as n from core_journal_entry`)).toEqual(entriesBefore);
    expect(
      await adminSql(env, `select count(*)::int as n from contracts_contract where quote_id = $1`, [sent.id]),
    ).toEqual([{ n: 0 }]);
    expect(await contractCounter()).toEqual([{ last: 1 }]);
  });

  it('gives the next contract the number the rolled-back one would have had (gapless)', async () => {
    const sent = await sentQuote();
    await env.crm.services.quotes.accept(org.as(org.alice), sent.id, {});
    const { items } = await env.crm.services.contracts.list(org.as(org.alice), { partyId: customer });
    expect(items.map((c) => c.number).sort()).toEqual([
      expect.stringMatching(/^CT-\d{4}-00001$/),
      expect.stringMatching(/^CT-\d{4}-00002$/),
    ]);
  });
});
