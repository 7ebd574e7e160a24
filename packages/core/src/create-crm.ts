import type { z } from 'zod';
import { journalModule } from './journal/module.js';
import {
  type CrmInstance,
  type KernelOptions,
  type PluginServices,
  type ServicesOf,
  startCrm,
} from './kernel/crm.js';
import type { AnyPlugin } from './kernel/plugin.js';
import { partiesModule } from './parties/module.js';
import type { PartyOptionsSchema } from './parties/options.js';
import { templatesModule } from './templates/module.js';

/** Core's modules, installed by {@link createCrm} before any plugin, in this order. */
export const coreModules = [partiesModule, journalModule, templatesModule] as const;

/** Options of {@link createCrm}. */
export interface CrmOptions<P extends readonly AnyPlugin[] = readonly AnyPlugin[]> extends KernelOptions<P> {
  /** Options of core's parties module: default phone region, fuzzy-duplicate threshold. */
  parties?: z.input<typeof PartyOptionsSchema>;
}

/** The services of a CRM: those of core's modules and of every installed plugin, typed. */
export type CrmServices<P extends readonly AnyPlugin[]> = ServicesOf<typeof partiesModule> &
  ServicesOf<typeof journalModule> &
  ServicesOf<typeof templatesModule> &
  PluginServices<P>;

/** One CRM instance: its own container, hooks, ORM and job queue; services typed by its plugins. */
export interface Crm<P extends readonly AnyPlugin[] = readonly AnyPlugin[]>
  extends CrmInstance<CrmServices<P>> {}

/**
 * Builds one CRM: core's modules (parties, journal, templates) and the given plugins, ordered by their
 * dependencies, with the ORM and the job queue started. Two CRMs in one process share nothing.
 *
 * @example
 * const crm = await createCrm({ database: { url: process.env.DATABASE_URL! }, plugins: [pipeline] });
 * await crm.migrate();
 * const acme = await crm.services.tenants.create({ name: 'Acme' });
 */
export async function createCrm<const P extends readonly AnyPlugin[] = []>(
  options: CrmOptions<P>,
): Promise<Crm<P>> {
  const { parties, ...kernel } = options ?? ({} as CrmOptions<P>);
  return startCrm<CrmServices<P>>(kernel, [
    partiesModule.configure(parties ?? {}),
    journalModule,
    templatesModule,
  ]);
}
