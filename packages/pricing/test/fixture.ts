import type { CallContext } from '@rapport/core';
import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { pricingPlugin } from '../src/index.js';

/** A CRM with the pricing plugin (as configured) on a database of its own. */
export type PricingCrm = TestCrm<[typeof pricingPlugin]>;

/** A migrated CRM with the pricing plugin (close it in `afterAll`). */
export function pricingTestCrm(plugin: typeof pricingPlugin = pricingPlugin): Promise<PricingCrm> {
  return createTestCrm({ plugins: [plugin] as [typeof pricingPlugin] });
}

/** A small catalogue: Phones > Smartphones, two phones, a case, a charger, a service. */
export interface CatalogueFixture {
  org: OrgFixture;
  ctx: CallContext;
  categories: { phones: string; smartphones: string; accessories: string };
  products: Record<'phone' | 'phonePro' | 'case' | 'charger' | 'setup', string>;
  customers: { globex: string; initech: string };
}

/** Seeds an organisation, a catalogue and two customers (Globex tagged `vip`, Initech in Germany). */
export async function seedCatalogue(env: PricingCrm): Promise<CatalogueFixture> {
  const org = await seedOrganisation(env.crm);
  const ctx = org.system;
  const catalogue = env.crm.services.catalogue;
  const phones = await catalogue.createCategory(ctx, { code: 'phones', name: 'Phones' });
  const smartphones = await catalogue.createCategory(ctx, {
    code: 'smart',
    name: 'Smartphones',
    parentId: phones.id,
  });
  const accessories = await catalogue.createCategory(ctx, { code: 'acc', name: 'Accessories' });
  const product = async (sku: string, name: string, categoryId: string | null, extra: object = {}) =>
    (await catalogue.createProduct(ctx, { sku, name, categoryId, ...extra })).id;
  const products = {
    phone: await product('PH-1', 'Phone', smartphones.id),
    phonePro: await product('PH-2', 'Phone Pro', smartphones.id),
    case: await product('CASE-1', 'Case', accessories.id),
    charger: await product('CHG-1', 'Charger', accessories.id),
    setup: await product('SRV-1', 'Setup', null, { kind: 'service', taxClass: 'services' }),
  };
  const customer = async (name: string, extra: object = {}) =>
    (
      await env.crm.services.parties.create(ctx, {
        kind: 'organization',
        organizationName: name,
        ownerId: org.alice.id,
        ...extra,
      })
    ).party.id;
  const customers = {
    globex: await customer('Globex', { tags: ['vip'] }),
    initech: await customer('Initech', {
      contactPoints: [{ kind: 'address', street: 'Hauptstr. 1', city: 'Berlin', country: 'DE' }],
    }),
  };
  return {
    org,
    ctx,
    categories: { phones: phones.id, smartphones: smartphones.id, accessories: accessories.id },
    products,
    customers,
  };
}
