import 'reflect-metadata';
import { definePlugin } from '@rapport/core/plugin';
import { payMigration } from '../src/migrations/0002-pay.js';
import { PayPlanService, PayRunService, PaySplitService, payEntities } from '../src/pay/index.js';
import { PAY_PLAN_SERVICE, PAY_RUN_SERVICE, PAY_SPLIT_SERVICE } from '../src/pay/pay-tokens.js';

export const analyticsPlugin = definePlugin({
  name: '@rapport/analytics',
  version: '0.1.0',
  dependencies: { '@rapport/core': '^0.1.0' },
  entities: payEntities,
  migrations: [payMigration],
  services: {
    payPlans: { token: PAY_PLAN_SERVICE, useClass: PayPlanService },
    paySplits: { token: PAY_SPLIT_SERVICE, useClass: PaySplitService },
    payRuns: { token: PAY_RUN_SERVICE, useClass: PayRunService },
  },
});
