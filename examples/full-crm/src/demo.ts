import type { CallContext, Crm, Employee, Party, Tenant } from '@rapport/core';
import type { TestSmtpServer } from '@rapport/messaging-email/testing';
import type { TwilioTestServer } from '@rapport/messaging-sms/testing';
import type { PostgresServer } from '@rapport/testing';
import type { demoPlugins } from './plugins.js';

/** The CRM the demo assembles, with `services` typed by its plugins. */
export type DemoCrm = Crm<ReturnType<typeof demoPlugins>>;

/** The people of the story's company, one per role the access rules know. */
export interface Staff {
  admin: Employee;
  manager: Employee;
  alice: Employee;
  bob: Employee;
  carol: Employee;
}

/** The company the story follows: its organisation, its people, and the parties entered so far. */
export interface Company {
  tenant: Tenant;
  /** A system actor of the tenant, for set-up work. */
  system: CallContext;
  departments: { sales: string; north: string; support: string };
  staff: Staff;
  /** The call context of an employee acting. */
  as(employee: Employee): CallContext;
  /** An employee's name by id, for printing ("nobody" for null). */
  nameOf(employeeId: string | null | undefined): string;
  /** Parties by the short name the steps use (`ada`, `kessler`…). */
  parties: Record<string, Party>;
}

/** What the steps share: each step reads what earlier steps set and adds its own. */
export interface Demo {
  server?: PostgresServer;
  /** App-role URL of the demo's own database. */
  databaseUrl?: string;
  /** The local SMTP server the CRM sends its email to. */
  mail?: TestSmtpServer;
  /** The local server speaking Twilio's REST API that the CRM sends its SMS to. */
  sms?: TwilioTestServer;
  crm?: DemoCrm;
  tenants: Array<{ tenant: Tenant; ctx: CallContext }>;
  /** The first tenant, whose story the CRM steps tell (the second one is kept for the isolation check). */
  company?: Company;
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

/** The company of the story, or an error saying which step should have created it. */
export function requireCompany(demo: Demo): Company {
  if (!demo.company) throw new Error('No organisation yet: run the organisation step first');
  return demo.company;
}

/** A party entered by an earlier step, by its short name. */
export function partyOf(company: Company, key: string): Party {
  const party = company.parties[key];
  if (!party) throw new Error(`No party "${key}" yet: an earlier step should have entered it`);
  return party;
}
