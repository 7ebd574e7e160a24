import { adminQuery, createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { type PriceQuote, pricingPlugin, QUOTE_INTEGRATIONS } from '../src/index.js';

/** The test price list: SKU → price, discount and tax (EUR); SKUs missing here have no price. */
export const PRICES: Record<string, PriceQuote> = {
  'CHAIR-01': { unitPrice: '149.90', discountPercent: null, discount: '0', taxRate: '19', priceListId: null },
  'DESK-01': { unitPrice: '0.333', discountPercent: '10', discount: '0', taxRate: '7', priceListId: null },
};

/** What the catalogue holds in every test tenant: categories and products. */
export interface TestCatalogue {
  categories: { seating: string; desks: string };
  products: { chair: string; desk: string; onRequest: string };
}

type CatalogueCrm = Pick<TestCrm<[typeof pricingPlugin]>['crm'], 'container' | 'services'>;

/** Creates the test catalogue in a tenant and prices quotes from {@link PRICES}. */
export async function seedCatalogue(crm: CatalogueCrm, system: OrgFixture['system']): Promise<TestCatalogue> {
  usePrices(crm);
  const catalogue = crm.services.catalogue;
  const seating = await catalogue.createCategory(system, { code: 'seating', name: 'Seating' });
  const desks = await catalogue.createCategory(system, { code: 'desks', name: 'Desks' });
  const product = async (sku: string, name: Record<string, string>, categoryId: string | null) =>
    (await catalogue.createProduct(system, { sku, name, categoryId, defaultLocale: 'en' })).id;
  return {
    categories: { seating: seating.id, desks: desks.id },
    products: {
      chair: await product('CHAIR-01', { en: 'Office chair', de: 'Bürostuhl' }, seating.id),
      desk: await product('DESK-01', { en: 'Standing desk', de: 'Stehpult' }, desks.id),
      onRequest: await product('NOPRICE-01', { en: 'On request' }, null),
    },
  };
}

/** Prices quote lines from {@link PRICES} instead of the price lists. */
export function usePrices(crm: Pick<CatalogueCrm, 'container'>): void {
  crm.container.resolve(QUOTE_INTEGRATIONS).priceSource = async (_tx, request) =>
    request.items.map((item) => PRICES[item.sku] ?? null);
}

/** A migrated CRM with pricing, an organisation, the test catalogue and two customers. */
export async function quotesTestCrm() {
  const env = await createTestCrm({ plugins: [pricingPlugin] });
  const org = await seedOrganisation(env.crm);
  const catalogue = await seedCatalogue(env.crm, org.system);
  const customer = async (name: string) =>
    (
      await env.crm.services.parties.create(org.system, {
        kind: 'organization',
        organizationName: name,
        ownerId: org.alice.id,
        contactPoints: [{ kind: 'email', value: `buyer@${name.toLowerCase()}.test` }],
      })
    ).party.id;
  return { env, org, catalogue, globex: await customer('Globex'), initech: await customer('Initech') };
}

/** SQL as the database administrator (bypassing row-level security), to set up states the API cannot. */
export function adminSql<T extends Record<string, unknown> = Record<string, unknown>>(
  env: { database: { adminUrl: string } },
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  return adminQuery<T>(text, values, { adminUrl: env.database.adminUrl });
}
