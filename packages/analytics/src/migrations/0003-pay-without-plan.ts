import type { Migration } from '@rapport/core/plugin';

/**
 * Statements without a plan: an agent whose plan ended (or who never had one) still gets a statement
 * when a run takes back or corrects what earlier runs paid them, so `plan_id` may be null.
 */
export const payWithoutPlanMigration: Migration = {
  name: '0003_analytics_pay_without_plan',
  up: `alter table analytics_pay_statement alter column plan_id drop not null;`,
};
