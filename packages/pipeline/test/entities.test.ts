import { createTestCrm, expectNoSchemaDrift, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelinePlugin } from '../src/index.js';
import { seedPipeline } from './fixture.js';

describe('pipeline entities', () => {
  let env: TestCrm<[typeof pipelinePlugin]>;
  beforeAll(async () => {
    env = await createTestCrm({ plugins: [pipelinePlugin] });
  });
  afterAll(() => env?.close());

  it('agree with the pipeline migrations (no schema drift)', async () => {
    await expectNoSchemaDrift(env.crm);
  });

  it('make the pipeline tables queryable through tx.db with exact decimals', async () => {
    const fixture = await seedPipeline(env.crm);
    const stages = await env.crm.transaction(fixture.system, (tx) =>
      tx.db
        .selectFrom('Stage')
        .select(['name', 'probability', 'pipelineId'])
        .where('tenantId', '=', tx.tenantId)
        .where('pipelineId', '=', fixture.pipeline.id)
        .orderBy('position')
        .execute(),
    );
    expect(stages[0]).toEqual({ name: 'Lead', probability: '0.1000', pipelineId: fixture.pipeline.id });
  });
});
