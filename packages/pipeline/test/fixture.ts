import { adminQuery, createTestCrm, type TestCrm, type TestCrmOptions } from '@rapport/testing';
import { pipelinePlugin } from '../src/index.js';

export { type PipelineCrm, type PipelineFixture, seedPipeline } from '../src/testing/index.js';

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
export function adminSql<T extends Record<string, unknown> = Record<string, unknown>>(
  adminUrl: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  return adminQuery<T>(text, values, { adminUrl });
}
