import type { AnyPlugin, CallContext } from '@rapport/core';
import { documentsPlugin } from '@rapport/documents';
import {
  adminQuery,
  createTestCrm,
  type OrgFixture,
  seedOrganisation,
  type TestCrm,
  type TestCrmOptions,
} from '@rapport/testing';
import { afterAll, beforeAll } from 'vitest';
import { type ContractInput, contractsPlugin } from '../src/index.js';

/** The CRM of these tests: core and the contracts plugin. */
export type ContractsCrm = TestCrm<[typeof documentsPlugin, typeof contractsPlugin]>;

/** A migrated CRM with the contracts plugin on a database of its own (close it in `afterAll`). */
export function contractsTestCrm(
  options: Omit<TestCrmOptions<[typeof documentsPlugin, typeof contractsPlugin]>, 'plugins'> = {},
): Promise<ContractsCrm> {
  return createTestCrm({ ...options, plugins: [documentsPlugin, contractsPlugin] });
}

/** The CRM and organisation of one test file, set by the `beforeAll` of {@link useContractsSuite}. */
export interface ContractsSuite<P extends readonly AnyPlugin[] = []> {
  env: TestCrm<[typeof documentsPlugin, typeof contractsPlugin, ...P]>;
  f: ContractsFixture;
}

/**
 * The usual setup of a test file: `beforeAll` opens a CRM with documents, contracts and `plugins`
 * and seeds the organisation (`seedContracts`); `afterAll` closes it. Read `env` and `f` in hooks
 * and tests.
 */
export function useContractsSuite<const P extends readonly AnyPlugin[] = []>(
  plugins: P = [] as unknown as P,
): ContractsSuite<P> {
  const suite = {} as ContractsSuite<P>;
  beforeAll(async () => {
    suite.env = (await createTestCrm({
      plugins: [documentsPlugin, contractsPlugin, ...plugins],
    })) as unknown as ContractsSuite<P>['env'];
    suite.f = await seedContracts(suite.env as unknown as ContractsCrm);
  });
  afterAll(() => suite.env?.close());
  return suite;
}

/** An organisation with two customers: Globex (Alice's) and Umbrella (Bob's). */
export interface ContractsFixture extends OrgFixture {
  customers: { globex: string; umbrella: string };
}

/** Seeds the organisation and two customers. */
export async function seedContracts(env: ContractsCrm, name = 'Acme'): Promise<ContractsFixture> {
  const org = await seedOrganisation(env.crm, name);
  const party = async (organizationName: string, ownerId: string) =>
    (await env.crm.services.parties.create(org.system, { kind: 'organization', organizationName, ownerId }))
      .party.id;
  return {
    ...org,
    customers: { globex: await party('Globex', org.alice.id), umbrella: await party('Umbrella', org.bob.id) },
  };
}

/** A yearly support contract input for `partyId`, owned by `ownerId` (override anything). */
export function supportContract(
  partyId: string,
  ownerId: string,
  over: Partial<ContractInput> = {},
): ContractInput {
  return {
    partyId,
    ownerId,
    subject: 'Support',
    value: { kind: 'recurring', amount: '500.00', currency: 'EUR', period: 'month' },
    startOn: '2027-01-01',
    endOn: '2027-12-31',
    notice: { months: 3 },
    autoRenewal: { renewFor: { months: 12 } },
    ...over,
  };
}

/** Creates a contract and takes it through draft → in approval → signed → active. */
export async function activeContract(env: ContractsCrm, ctx: CallContext, input: ContractInput) {
  const contracts = env.crm.services.contracts;
  const c = await contracts.create(ctx, input);
  await contracts.transition(ctx, c.id, { to: 'in_approval' });
  await contracts.transition(ctx, c.id, { to: 'signed', reason: 'signed by both parties' });
  return contracts.transition(ctx, c.id, { to: 'active' });
}

/** Runs SQL as the database administrator (bypassing row-level security). */
export function adminSql<T extends Record<string, unknown> = Record<string, unknown>>(
  env: ContractsCrm,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  return adminQuery<T>(text, values, { adminUrl: env.database.adminUrl });
}
