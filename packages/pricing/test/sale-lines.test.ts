import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogueFixture, type PricingCrm, pricingTestCrm, seedCatalogue } from './fixture.js';

describe('the purchase history pricing_sale_line', () => {
  let env: PricingCrm;
  let c: CatalogueFixture;
  const journal = () => env.crm.services.journal;
  const lines = (partyId: string) => env.crm.services.saleLines.list(c.ctx, { partyId });
  const sale = (partyId: string, items: object[], amount: string, type = 'sale') =>
    journal().record(c.ctx, {
      type,
      parties: [{ partyId }],
      employeeId: c.org.alice.id,
      amount,
      currency: 'EUR',
      data: { items },
    } as never);

  beforeAll(async () => {
    env = await pricingTestCrm();
    c = await seedCatalogue(env);
  });
  afterAll(() => env?.close());

  it('projects each line of a sale in the same transaction, with net, tax, product and people', async () => {
    const { entry } = await sale(
      c.customers.globex,
      [
        {
          sku: 'PH-1',
          name: 'Phone',
          quantity: 2,
          unitPrice: '100.00',
          discount: { percent: 10 },
          tax: { rate: 20 },
        },
        { sku: 'UNKNOWN', name: 'Old stock', quantity: 1, total: '5.00' },
      ],
      '221.00',
    );
    const rows = await lines(c.customers.globex);
    // 2 × 100 = 200; −10 % → net 180; tax 20 % = 36; total 216. The unknown SKU keeps its SKU, no product.
    expect(
      rows.map((r) => [
        r.lineNo,
        r.productId,
        r.sku,
        r.quantity,
        r.discount,
        r.netAmount,
        r.taxAmount,
        r.total,
      ]),
    ).toEqual([
      [1, c.products.phone, 'PH-1', '2', '20', '180', '36', '216'],
      [2, null, 'UNKNOWN', '1', '0', '5', '0', '5'],
    ]);
    expect(rows[0]).toMatchObject({
      entryId: entry.id,
      kind: 'sale',
      currency: 'EUR',
      employeeId: c.org.alice.id,
      ownerId: c.org.alice.id,
    });
  });

  it('replaces the lines of an amended sale and drops those of a voided one', async () => {
    const { entry } = await sale(
      c.customers.initech,
      [{ sku: 'CASE-1', name: 'Case', quantity: 1, unitPrice: '10' }],
      '10.00',
    );
    const amended = await journal().amend(c.ctx, entry.id, {
      amount: '30.00',
      data: { items: [{ sku: 'CASE-1', name: 'Case', quantity: 3, unitPrice: '10' }] },
      reason: 'three, not one',
    });
    expect((await lines(c.customers.initech)).map((r) => [r.entryId, r.quantity])).toEqual([
      [amended.id, '3'],
    ]);
    await journal().void(c.ctx, amended.id, 'cancelled');
    expect(await lines(c.customers.initech)).toEqual([]);
  });

  it('projects a recordMany batch in one go, refunds as kind refund', async () => {
    const { party } = await env.crm.services.parties.create(c.ctx, { kind: 'person', familyName: 'Batch' });
    await journal().recordMany(c.ctx, [
      {
        type: 'sale',
        parties: [{ partyId: party.id }],
        amount: '12.00',
        currency: 'EUR',
        data: { items: [{ sku: 'CHG-1', name: 'Charger', quantity: 1, unitPrice: '12' }] },
      },
      {
        type: 'refund',
        parties: [{ partyId: party.id }],
        amount: '12.00',
        currency: 'EUR',
        data: { items: [{ sku: 'CHG-1', name: 'Charger', quantity: 1, unitPrice: '12' }] },
      },
    ] as never);
    expect((await lines(party.id)).map((r) => r.kind).sort()).toEqual(['refund', 'sale']);
  });

  it('follows a party merge', async () => {
    const { party: dup } = await env.crm.services.parties.create(c.ctx, {
      kind: 'organization',
      organizationName: 'Globex Dup',
    });
    await sale(dup.id, [{ sku: 'PH-2', name: 'Phone Pro', quantity: 1, unitPrice: '300' }], '300.00');
    await env.crm.services.merges.merge(c.ctx, { survivorId: c.customers.globex, mergedId: dup.id });
    expect((await lines(c.customers.globex)).map((r) => r.sku)).toContain('PH-2');
  });

  it('backfills entries recorded before install, once', async () => {
    const { party } = await env.crm.services.parties.create(c.ctx, { kind: 'person', familyName: 'Before' });
    await sale(party.id, [{ sku: 'PH-1', name: 'Phone', quantity: 1, unitPrice: '1' }], '1.00');
    // As if the plugin had not been installed then: remove the projection, as an administrator.
    await env.database.adminQuery('delete from pricing_sale_line where party_id = $1', [party.id]);
    expect(await lines(party.id)).toEqual([]);
    expect((await env.crm.services.saleLines.backfill(c.ctx)).lines).toBe(1);
    expect((await env.crm.services.saleLines.backfill(c.ctx)).lines).toBe(0);
    expect((await lines(party.id)).map((r) => r.sku)).toEqual(['PH-1']);
  });

  it('shows an agent only the lines of customers they may see', async () => {
    const carol = c.org.as(c.org.carol);
    expect(await env.crm.services.saleLines.list(carol, { partyId: c.customers.globex })).toEqual([]);
    expect(
      (await env.crm.services.saleLines.list(c.org.as(c.org.alice), { partyId: c.customers.globex })).length,
    ).toBeGreaterThan(0);
  });

  it('refuses to delete a product that sale lines refer to, and archives it instead', async () => {
    const error = await env.crm.services.catalogue
      .deleteProduct(c.ctx, c.products.phone)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFLICT', details: { field: 'id' } });
    expect((await env.crm.services.catalogue.archiveProduct(c.ctx, c.products.phone)).status).toBe(
      'archived',
    );
  });
});
