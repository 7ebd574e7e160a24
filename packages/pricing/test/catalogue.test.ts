import { Readable } from 'node:stream';
import { RapportError } from '@rapport/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogueFixture, type PricingCrm, pricingTestCrm, seedCatalogue } from './fixture.js';

describe('the catalogue', () => {
  let env: PricingCrm;
  let c: CatalogueFixture;
  const catalogue = () => env.crm.services.catalogue;
  const csv = (text: string) => Readable.from([text]);

  beforeAll(async () => {
    env = await pricingTestCrm();
    c = await seedCatalogue(env);
  });
  afterAll(() => env?.close());

  it('keeps names per locale with the default locale, and reads a product by SKU', async () => {
    await catalogue().createProduct(c.ctx, {
      sku: 'TAB-1',
      name: { en: 'Tablet', de: 'Tablett' },
      defaultLocale: 'de',
      cost: '120.50',
      costCurrency: 'EUR',
    });
    const tablet = await catalogue().getProductBySku(c.ctx, 'TAB-1');
    expect(tablet).toMatchObject({
      name: { en: 'Tablet', de: 'Tablett' },
      defaultLocale: 'de',
      cost: '120.50',
      status: 'active',
    });
  });

  it('refuses a second product with the same SKU, and a name missing in the default locale, naming the field', async () => {
    await expect(catalogue().createProduct(c.ctx, { sku: 'PH-1', name: 'Again' })).rejects.toMatchObject({
      code: 'DUPLICATE',
      details: { fields: ['sku'] },
    });
    const error = await catalogue()
      .createProduct(c.ctx, { sku: 'X-1', name: { de: 'Nur deutsch' } })
      .catch((e: unknown) => e);
    expect(RapportError.is(error, 'INVALID_DATA')).toBe(true);
    expect((error as RapportError).details.issues).toMatchObject([{ path: 'name' }]);
  });

  it('lists the products of a category and of every category below it', async () => {
    const phones = await catalogue().listProducts(c.ctx, { categoryId: c.categories.phones });
    expect(phones.map((p) => p.sku)).toEqual(['PH-1', 'PH-2']);
  });

  it('lets agents read the catalogue but not change it', async () => {
    const alice = c.org.as(c.org.alice);
    expect((await catalogue().getProduct(alice, c.products.case)).sku).toBe('CASE-1');
    await expect(catalogue().createProduct(alice, { sku: 'NO-1', name: 'No' })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
  });

  it('refuses a bundle without a quantity and a product related to itself', async () => {
    const error = await catalogue()
      .relate(c.ctx, { productId: c.products.phone, kind: 'bundle_contains', relatedId: c.products.phone })
      .catch((e: unknown) => e);
    expect((error as RapportError).details.issues).toMatchObject([
      { path: 'relatedId' },
      { path: 'quantity' },
    ]);
  });

  it('deletes a product nothing refers to', async () => {
    const temp = await catalogue().createProduct(c.ctx, { sku: 'TMP-1', name: 'Temporary' });
    await catalogue().deleteProduct(c.ctx, temp.id);
    await expect(catalogue().getProduct(c.ctx, temp.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('imports a CSV with per-row errors and product ids, and a re-import updates instead of duplicating', async () => {
    const file = [
      'sku,name,name:de,category,taxClass,cost,costCurrency',
      'IMP-1,Headphones,Kopfhörer,acc,standard,20.00,EUR',
      ',No SKU,,acc,,,',
      'IMP-2,Speaker,,nope,,,',
      'IMP-3,Cable,,acc,,5,',
      'IMP-4,Dock,,smart,,,',
    ].join('\n');
    const first = await catalogue().importCsv(c.ctx, csv(file));
    expect(first.rows.map((r) => [r.row, r.status, r.issues.map((i) => i.path)])).toEqual([
      [1, 'created', []],
      [2, 'failed', ['sku']],
      [3, 'failed', ['category']],
      [4, 'failed', ['costCurrency']],
      [5, 'created', []],
    ]);
    const headphones = await catalogue().getProductBySku(c.ctx, 'IMP-1');
    expect(first.rows[0]?.productId).toBe(headphones.id);
    expect(headphones.name).toEqual({ en: 'Headphones', de: 'Kopfhörer' });
    const again = await catalogue().importCsv(c.ctx, csv(file.replace('Headphones', 'Headphones II')));
    expect([again.created, again.updated, again.failed]).toEqual([0, 2, 3]);
    expect(again.rows[0]?.productId).toBe(headphones.id);
    expect((await catalogue().getProductBySku(c.ctx, 'IMP-1')).name.en).toBe('Headphones II');
  });

  it('refuses a CSV without the sku or name column before reading any row', async () => {
    await expect(catalogue().importCsv(c.ctx, csv('code,title\nA,B'))).rejects.toMatchObject({
      code: 'INVALID_DATA',
    });
  });
});
