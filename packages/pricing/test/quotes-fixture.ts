import { adminQuery, createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { type ListedLine, pricingPlugin, QUOTE_INTEGRATIONS } from '../src/index.js';

/** The test catalogue: SKU → what the price lists say (EUR, 19 % or 7 % tax). */
export const CATALOGUE: Record<string, ListedLine> = {
  'CHAIR-01': {
    productId: '0190a000-0000-7000-8000-000000000001',
    name: 'Office chair',
    categoryId: '0190a000-0000-7000-8000-0000000000c1',
    unitPrice: '149.90',
    discountPercent: '0',
    taxRate: '19',
    priceListId: '0190a000-0000-7000-8000-0000000000a1',
  },
  'DESK-01': {
    productId: '0190a000-0000-7000-8000-000000000002',
    name: 'Standing desk',
    categoryId: '0190a000-0000-7000-8000-0000000000c2',
    unitPrice: '0.333',
    discountPercent: '10',
    taxRate: '7',
    priceListId: '0190a000-0000-7000-8000-0000000000a1',
  },
  'NOPRICE-01': {
    productId: '0190a000-0000-7000-8000-000000000003',
    name: 'On request',
    categoryId: null,
    unitPrice: null,
    discountPercent: '0',
    taxRate: '19',
    priceListId: null,
  },
};

/** A migrated CRM with pricing, an organisation, two customers and the test catalogue as price lookup. */
export async function quotesTestCrm(plugins: readonly unknown[] = [pricingPlugin]) {
  const env = (await createTestCrm({ plugins: plugins as [typeof pricingPlugin] })) as TestCrm<
    [typeof pricingPlugin]
  >;
  useTestCatalogue(env.crm);
  const org = await seedOrganisation(env.crm);
  const customer = async (name: string) =>
    (
      await env.crm.services.parties.create(org.system, {
        kind: 'organization',
        organizationName: name,
        ownerId: org.alice.id,
        contactPoints: [{ kind: 'email', value: `buyer@${name.toLowerCase()}.test` }],
      })
    ).party.id;
  return { env, org, globex: await customer('Globex'), initech: await customer('Initech') };
}

/** Prices lines from {@link CATALOGUE} instead of the price lists. */
export function useTestCatalogue(crm: {
  container: { resolve: TestCrm<[]>['crm']['container']['resolve'] };
}) {
  crm.container.resolve(QUOTE_INTEGRATIONS).lookup = async (_tx, request) =>
    request.items.map((item) => CATALOGUE[item.sku] ?? null);
}

/** SQL as the database administrator (bypassing row-level security), to set up states the API cannot. */
export function adminSql<T extends Record<string, unknown> = Record<string, unknown>>(
  env: { database: { adminUrl: string } },
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  return adminQuery<T>(text, values, { adminUrl: env.database.adminUrl });
}

export type { OrgFixture };
