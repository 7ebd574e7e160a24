import type { CallContext, Crm, Tenant } from '@rapport/core';
import type { PostgresServer } from '@rapport/testing';
import type { plugins } from './plugins.js';

/** The CRM the demo assembles, with `services` typed by its plugins. */
export type DemoCrm = Crm<typeof plugins>;

/** What the steps share: each step reads what earlier steps set and adds its own. */
export interface Demo {
  server?: PostgresServer;
  /** App-role URL of the demo's own database. */
  databaseUrl?: string;
  crm?: DemoCrm;
  tenants: Array<{ tenant: Tenant; ctx: CallContext }>;
  /** Undo actions, run last-first when the demo ends, whether it succeeded or not. */
  cleanups: Array<() => Promise<unknown>>;
  /** Prints one indented line under the current step. */
  say(line: string): void;
}

/** One step of the demo, run in order by `main.ts`. */
export interface DemoStep {
  title: string;
  run(demo: Demo): Promise<void>;
}

/** The CRM, or an error saying which step should have created it. */
export function requireCrm(demo: Demo): DemoCrm {
  if (!demo.crm) throw new Error('The CRM is not assembled yet: run the assemble step first');
  return demo.crm;
}
