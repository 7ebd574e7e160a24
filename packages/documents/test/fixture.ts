import {
  adminQuery,
  createTestCrm,
  type OrgFixture,
  seedOrganisation,
  type TestCrm,
  type TestCrmOptions,
} from '@rapport/testing';
import { documentsPlugin } from '../src/index.js';

/** A CRM with the documents plugin, as the tests build it. */
export type DocumentsEnv = TestCrm<[typeof documentsPlugin]>;

/** A migrated CRM with the documents plugin on a database of its own (close it in `afterAll`). */
export function documentsTestCrm(
  options: Omit<TestCrmOptions<[typeof documentsPlugin]>, 'plugins'> & {
    plugin?: typeof documentsPlugin;
  } = {},
): Promise<DocumentsEnv> {
  const { plugin = documentsPlugin, ...rest } = options;
  return createTestCrm({ ...rest, plugins: [plugin] as [typeof documentsPlugin] });
}

/** An organisation with two customers: Globex (Alice's) and Hooli (Carol's). */
export interface DocumentsFixture extends OrgFixture {
  globex: string;
  hooli: string;
}

/** Seeds a tenant, its organisation and two customers with their owners. */
export async function seedDocuments(env: DocumentsEnv, name = 'Acme'): Promise<DocumentsFixture> {
  const org = await seedOrganisation(env.crm, name);
  const party = async (organizationName: string, ownerId: string) =>
    (await env.crm.services.parties.create(org.system, { kind: 'organization', organizationName, ownerId }))
      .party.id;
  return {
    ...org,
    globex: await party('Globex GmbH', org.alice.id),
    hooli: await party('Hooli Ltd', org.carol.id),
  };
}

/** Runs SQL as the database administrator (bypassing row-level security). */
export function adminSql<T extends Record<string, unknown> = Record<string, unknown>>(
  env: DocumentsEnv,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  return adminQuery<T>(text, values, { adminUrl: env.database.adminUrl });
}

/** A small PDF-looking content (the storage does not parse it). */
export const pdfContent = (text = 'hello') => ({
  filename: 'file.pdf',
  contentType: 'application/pdf',
  bytes: Buffer.from(`%PDF-1.4\n${text}\n%%EOF`),
});
