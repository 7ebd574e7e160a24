import type { AnyPlugin, TableOf } from '@rapport/core/plugin';
import { PayLedgerEntity } from './pay-ledger.js';
import { PayLineEntity } from './pay-line.js';
import { PayPlanEntity } from './pay-plan.js';
import { PayRunEntity } from './pay-run.js';
import { PaySplitEntity } from './pay-split.js';
import { PayStatementEntity } from './pay-statement.js';

export { PayLedgerEntity, PayLineEntity, PayPlanEntity, PayRunEntity, PaySplitEntity, PayStatementEntity };

/** The entities of the agents' pay, registered through the analytics plugin's `entities`. */
export const payEntities: NonNullable<AnyPlugin['entities']> = [
  PayPlanEntity,
  PaySplitEntity,
  PayRunEntity,
  PayStatementEntity,
  PayLineEntity,
  PayLedgerEntity,
];

declare module '@rapport/core/plugin' {
  /** The pay tables, added to `tx.db` by declaration merging. */
  interface RapportTables {
    PayPlan: TableOf<typeof PayPlanEntity>;
    PaySplit: TableOf<typeof PaySplitEntity>;
    PayRun: TableOf<typeof PayRunEntity>;
    PayStatement: TableOf<typeof PayStatementEntity>;
    PayLine: TableOf<typeof PayLineEntity>;
    PayLedger: TableOf<typeof PayLedgerEntity>;
  }
}
