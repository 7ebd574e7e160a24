import {
  adminQuery,
  createTestCrm,
  type OrgFixture,
  seedOrganisation,
  type TestCrm,
  type TestCrmOptions,
} from '@rapport/testing';
import { analyticsPlugin } from '../src/index.js';

/** A CRM with the analytics plugin. */
export type AnalyticsTestCrm = TestCrm<[typeof analyticsPlugin]>;

/** A migrated CRM with the analytics plugin on a database of its own (close it in `afterAll`). */
export function analyticsTestCrm(
  options: Omit<TestCrmOptions<[typeof analyticsPlugin]>, 'plugins'> = {},
): Promise<AnalyticsTestCrm> {
  return createTestCrm({ ...options, plugins: [analyticsPlugin] as [typeof analyticsPlugin] });
}

/** Runs SQL as the database administrator (bypassing row-level security). */
export function adminSql<T extends Record<string, unknown> = Record<string, unknown>>(
  adminUrl: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  return adminQuery<T>(text, values, { adminUrl });
}

export { type OrgFixture, seedOrganisation };
