import type { CallContext, Crm, CrmServices, Employee } from '@rapport/core';
import { seedOrganisation } from '@rapport/testing';
import type { pipelinePlugin } from '../plugin.js';
import type { Deal, Pipeline, Stage } from '../types.js';

/** Any CRM with the pipeline plugin installed (and possibly others). */
export type PipelineCrm = Pick<Crm, 'context'> & { services: CrmServices<[typeof pipelinePlugin]> };

/** Options of {@link seedPipeline}. */
export interface SeedPipelineOptions {
  /** The tenant's name (default `Acme`); call again with another for a second tenant. */
  name?: string;
  /** Also open four deals (see {@link PipelineDeals}); default false. */
  deals?: boolean;
}

/** The deals `seedPipeline(crm, { deals: true })` opens, in EUR. */
export interface PipelineDeals {
  /** Globex, Lead, 1000, Alice's. */
  globex: Deal;
  /** Initech, Proposal, 5000, Alice's. */
  initech: Deal;
  /** Umbrella, Qualified, 2500, Bob's. */
  umbrella: Deal;
  /** Hooli, Lead, 800, Carol's. */
  hooli: Deal;
}

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

/**
 * Seeds a tenant for pipeline tests on top of `seedOrganisation` from `@rapport/testing`: its
 * organisation, five customers, a pipeline "Sales" with five stages and, with `deals: true`, four
 * open deals. Everything goes through the public API, so the plugin's hooks and rules apply.
 *
 * @example
 * const f = await seedPipeline(crm, { deals: true });
 * await crm.services.deals.win(f.as(f.alice), f.deals.initech.id, { reason: 'signed' });
 */
export async function seedPipeline(
  crm: PipelineCrm,
  options: SeedPipelineOptions & { deals: true },
): Promise<PipelineFixture & { deals: PipelineDeals }>;
export async function seedPipeline(crm: PipelineCrm, options?: SeedPipelineOptions): Promise<PipelineFixture>;
export async function seedPipeline(
  crm: PipelineCrm,
  options: SeedPipelineOptions = {},
): Promise<PipelineFixture & { deals?: PipelineDeals }> {
  const name = options.name ?? 'Acme';
  const staff = await seedOrganisation(crm, name);
  const { system, admin, alice, bob, carol } = staff;
  const company = async (organizationName: string, ownerId: string) =>
    (await crm.services.parties.create(system, { kind: 'organization', organizationName, ownerId })).party.id;
  const customers = {
    globex: await company(`Globex ${name}`, alice.id),
    initech: await company(`Initech ${name}`, alice.id),
    umbrella: await company(`Umbrella ${name}`, bob.id),
    hooli: await company(`Hooli ${name}`, carol.id),
    ada: (
      await crm.services.parties.create(system, {
        kind: 'person',
        givenName: 'Ada',
        familyName: `Lovelace ${name}`,
        ownerId: alice.id,
      })
    ).party.id,
  };
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
  const fixture: PipelineFixture = {
    crm,
    tenantId: staff.tenantId,
    system,
    departments: staff.departments,
    admin,
    manager: staff.salesManager,
    alice,
    bob,
    carol,
    customers,
    pipeline,
    stages: { lead, qualified, proposal, won, lost },
    as: staff.as,
  };
  if (!options.deals) return fixture;
  const deal = (title: string, customerId: string, stage: Stage, owner: Employee, amount: string) =>
    crm.services.deals.create(system, {
      pipelineId: pipeline.id,
      stageId: stage.id,
      title,
      customerId,
      ownerId: owner.id,
      amount,
    });
  const deals: PipelineDeals = {
    globex: await deal(`Globex ${name} rollout`, customers.globex, lead, alice, '1000'),
    initech: await deal(`Initech ${name} licences`, customers.initech, proposal, alice, '5000'),
    umbrella: await deal(`Umbrella ${name} support`, customers.umbrella, qualified, bob, '2500'),
    hooli: await deal(`Hooli ${name} pilot`, customers.hooli, lead, carol, '800'),
  };
  return { ...fixture, deals };
}
