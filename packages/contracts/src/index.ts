export { CONTRACTS_ACTIVITY_TYPES } from './activity-types.js';
export { type GenerateDocumentInput, GenerateDocumentSchema } from './contracts/contract-document.js';
export {
  AutoRenewalSchema,
  type ContractInput,
  ContractInputSchema,
  type ContractListOptions,
  type ContractPatch,
  ContractPatchSchema,
  ContractValueSchema,
  type RenewInput,
  TermSchema,
  type TransitionInput,
  type UpdateOptions,
} from './contracts/contract-input.js';
export { type ContractHistoryRow, type ContractPage, ContractService } from './contracts/contract-service.js';
export { requireContractWriter } from './contracts/contract-writer.js';
export { CONTRACT_STATUSES, isAllowed, LIVE_STATUSES, TRANSITIONS } from './contracts/lifecycle.js';
export { type ContractOrigin, ContractOrigins } from './contracts/origin-checks.js';
export { contractPartiesClause, contractVisibilitySql } from './contracts/visibility.js';
export {
  ContractEntity,
  ContractHistoryEntity,
  ContractReminderEntity,
  ContractTransitionEntity,
  contractsEntities,
} from './entities/index.js';
export {
  type ContractsExpiringEvent,
  type ContractTransitionedEvent,
  type ContractTransitionRequest,
  type ContractTransitionVeto,
  type ContractUpdatedEvent,
  contractsHooks,
  type ExpiringContract,
} from './hooks.js';
export type { DailyRunResult } from './jobs/daily-run.js';
export { contractsMigration } from './migrations/0001-contracts.js';
export { CONTRACTS_OPTIONS, type ContractsOptions, ContractsOptionsSchema } from './options.js';
export { CONTRACT_PARTICIPATION } from './participation.js';
export { contractsPlugin } from './plugin.js';
export type { ExpiringQuery, InForceQuery, PeriodQuery, RevenueQuery } from './queries/query-input.js';
export {
  type ChurnedContract,
  ContractQueries,
  type ExpiringPage,
  type RevenueRow,
} from './queries/query-service.js';
export { CONTRACT_ORIGINS, CONTRACT_QUERIES, CONTRACT_SERVICE } from './tokens.js';
export type {
  AutoRenewal,
  Contract,
  ContractPartyRole,
  ContractStatus,
  ContractTransition,
  ContractValue,
  RecurringPeriod,
  Term,
} from './types.js';
export { CONTRACTS_VERSION } from './version.js';
