import type { CallContext, Crm, CrmServices, Employee } from '@rapport/core';
import { createTestCrm, seedOrganisation, type TestCrm, type TestCrmOptions } from '@rapport/testing';
import pg from 'pg';
import { type Pipeline, pipelinePlugin, type Stage } from '../src/index.js';

/** Any CRM with the pipeline plugin installed (and possibly others). */
export type PipelineCrm = Pick<Crm, 'context'> & { services: CrmServices<[typeof pipelinePlugin]> };

/** A tenant with an organisation, customers and one pipeline "Sales", made through the public API. */
export interface PipelineFixture {
  crm: PipelineCrm;
  tenantId: string;
  /** The tenant's system context (sees everything). */
  system: CallContext;
  departments: { sales: string; north: string; support: string };
  admin: Employee;
  /** Manager of Sales (sees Sales and North). */
  manager: Employee;
  /** Agents of North. */
  alice: Employee;
  bob: Employee;
  /** An agent of Support. */
  carol: Employee;
  /** Customers: globex and initech owned by Alice, umbrella by Bob, hooli by Carol; ada is a contact person of Globex. */
  customers: { globex: string; initech: string; umbrella: string; hooli: string; ada: string };
  pipeline: Pipeline;
  /** The stages of "Sales" by name: Lead 0.1, Qualified 0.3, Proposal 0.6 (rots after 14 days), Won, Lost. */
  stages: { lead: Stage; qualified: Stage; proposal: Stage; won: Stage; lost: Stage };
  /** The context of an employee of this tenant. */
  as(employee: Employee): CallContext;
}

/** Seeds a tenant named `name` in `crm` (call it again for a second tenant). */
export async function seedPipeline(crm: PipelineCrm, name = 'Acme'): Promise<PipelineFixture> {
  const staff = await seedOrganisation(crm, name);
  const { system, admin, alice, bob, carol } = staff;
  const manager = staff.salesManager;
  const company = async (organizationName: string, ownerId: string) =>
    (await crm.services.parties.create(system, { kind: 'organization', organizationName, ownerId })).party.id;
  const globex = await company(`Globex ${name}`, alice.id);
  const initech = await company(`Initech ${name}`, alice.id);
  const umbrella = await company(`Umbrella ${name}`, bob.id);
  const hooli = await company(`Hooli ${name}`, carol.id);
  const ada = (
    await crm.services.parties.create(system, {
      kind: 'person',
      givenName: 'Ada',
      familyName: `Lovelace ${name}`,
      ownerId: alice.id,
    })
  ).party.id;
  const pipeline = await crm.services.pipelines.create(system, {
    name: 'Sales',
    currency: 'EUR',
    stages: [
      { name: 'Lead', probability: 0.1 },
      { name: 'Qualified', probability: 0.3 },
      { name: 'Proposal', probability: 0.6, rottingDays: 14 },
      { name: 'Won', outcome: 'won' },
      { name: 'Lost', outcome: 'lost' },
    ],
  });
  const [lead, qualified, proposal, won, lost] = pipeline.stages as [Stage, Stage, Stage, Stage, Stage];
  return {
    crm,
    tenantId: staff.tenantId,
    system,
    departments: staff.departments,
    admin,
    manager,
    alice,
    bob,
    carol,
    customers: { globex, initech, umbrella, hooli, ada },
    pipeline,
    stages: { lead, qualified, proposal, won, lost },
    as: staff.as,
  };
}

/** A migrated CRM with the pipeline plugin on a database of its own (close it in `afterAll`). */
export function pipelineTestCrm(
  options: Omit<TestCrmOptions<[typeof pipelinePlugin]>, 'plugins'> & { plugin?: typeof pipelinePlugin } = {},
): Promise<TestCrm<[typeof pipelinePlugin]>> {
  const { plugin = pipelinePlugin, ...rest } = options;
  return createTestCrm({ ...rest, plugins: [plugin] as [typeof pipelinePlugin] });
}

/**
 * Runs SQL as the database administrator (bypassing row-level security): to set up states the API
 * cannot (deals inactive for weeks) and to count what a rollback really left behind.
 */
export async function adminSql<T = Record<string, unknown>>(
  adminUrl: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}
