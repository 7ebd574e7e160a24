import { createTestCrm, schemaDrift } from '@rapport/testing';
import { expect, it } from 'vitest';
import { analyticsPlugin } from './pay-tmp-plugin.js';

it('drift', async () => {
  const env = await createTestCrm({ plugins: [analyticsPlugin] });
  const drift = await schemaDrift(env.crm);
  await env.close();
  expect(drift).toBe('');
});
