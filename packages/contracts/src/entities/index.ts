import type { AnyPlugin, TableOf } from '@rapport/core/plugin';
import { ContractEntity } from './contract.js';
import { ContractHistoryEntity } from './history.js';
import { ContractReminderEntity } from './reminder.js';
import { ContractTransitionEntity } from './transition.js';

export { ContractEntity, ContractHistoryEntity, ContractReminderEntity, ContractTransitionEntity };

/** Every entity of the contracts plugin, registered through the plugin's `entities`. */
export const contractsEntities: NonNullable<AnyPlugin['entities']> = [
  ContractEntity,
  ContractTransitionEntity,
  ContractHistoryEntity,
  ContractReminderEntity,
];

declare module '@rapport/core/plugin' {
  /** The contracts plugin's tables, added to `tx.db` by declaration merging. */
  interface RapportTables {
    Contract: TableOf<typeof ContractEntity>;
    ContractTransition: TableOf<typeof ContractTransitionEntity>;
    ContractHistory: TableOf<typeof ContractHistoryEntity>;
    ContractReminder: TableOf<typeof ContractReminderEntity>;
  }
}
