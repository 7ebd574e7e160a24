import 'reflect-metadata';

export { corePlugin, TENANT_SERVICE } from './core-plugin.js';
export type { Actor, CallContext, EnqueueOptions, JobMap, TxContext } from './kernel/context.js';
export { createCallContext, isTxContext } from './kernel/context.js';
export { type Crm, type CrmOptions, type CrmServices, createCrm } from './kernel/crm.js';
export { Database, type SqlRunner } from './kernel/database.js';
export {
  ErrorCode,
  type FieldIssue,
  InvalidDataError,
  NotAllowedError,
  NotFoundError,
  PluginError,
  RapportError,
  type RapportErrorOptions,
  VetoError,
} from './kernel/errors.js';
export { buildHooks, type CrmHooks, type HookFactories, type HookName, type TapFn } from './kernel/hooks.js';
export type { JobDefinition, JobDefinitions, JobQueue, JobQueueOptions, JobRun } from './kernel/jobs.js';
export { consoleLogger, type Logger } from './kernel/logger.js';
export {
  type AppliedMigration,
  type Migration,
  type MigrationApi,
  type PendingMigration,
  tenantIsolationSql,
} from './kernel/migrations.js';
export {
  type AnyPlugin,
  definePlugin,
  type Plugin,
  type PluginSpec,
  type ServiceClass,
  type ServiceDefinition,
  type ServiceMap,
  type SetupApi,
} from './kernel/plugin.js';
export { orderPlugins } from './kernel/plugin-order.js';
export { CONTAINER, DATABASE, HOOKS, JOB_QUEUE, LOGGER, ORM } from './kernel/tokens.js';
export { parse } from './kernel/validation.js';
export type { ConsentState } from './parties/contact-point-service.js';
export { attachContactPoints, ContactPointService, normalizeAll } from './parties/contact-point-service.js';
export {
  type ContactPointInput,
  ContactPointInputSchema,
  type ContactPointKind,
  domainOf,
  type NormalizedContactPoint,
  normalizeContactPoint,
  normalizeRegistryNumber,
} from './parties/contact-points.js';
export {
  type CustomFieldDefinition,
  type CustomFieldDefinitionInput,
  CustomFieldDefinitionSchema,
  CustomFieldService,
  type PartyCustomFields,
  validateCustom,
} from './parties/custom-fields.js';
export { PartyDateService, type UpcomingDate } from './parties/date-service.js';
export { DuplicateError, type DuplicateMatch } from './parties/duplicates-error.js';
export { type DuplicateCandidate, fuzzyCandidates } from './parties/fuzzy.js';
export { PartyLifecycleService } from './parties/lifecycle-service.js';
export { PARTY_OPTIONS, type PartyOptions, PartyOptionsSchema } from './parties/options.js';
export type { ContactPoint, IdentityKey, Party, PartyDate, PartyRoleView } from './parties/party.js';
export { lockParty, requireParty, touchParty } from './parties/party-access.js';
export type {
  FieldChanges,
  PartiesMergeEvent,
  PartyLifecycleChangedEvent,
  PartyUpdatedEvent,
} from './parties/party-events.js';
export {
  type ConsentInput,
  ConsentInputSchema,
  Lifecycle,
  type ParsedPartyInput,
  type ParsedPartyPatch,
  type PartyDateInput,
  PartyDateInputSchema,
  type PartyInput,
  PartyInputSchema,
  type PartyPatch,
  PartyPatchSchema,
} from './parties/party-input.js';
export { PARTY_VIEW_COLUMNS, type PartyViewRow, readParties, toParty } from './parties/party-reader.js';
export {
  type CreatePartyOptions,
  type CreatePartyResult,
  type PartyHistoryEntry,
  PartyService,
} from './parties/party-service.js';
export {
  claimIdentities,
  type HistoryEntryInput,
  type IdentityConflict,
  identityHolders,
  insertParties,
  recordHistory,
} from './parties/party-writer.js';
export {
  displayNameOf,
  identityKeysOf,
  type PreparedParty,
  type PrepareOptions,
  prepareParty,
} from './parties/prepare.js';
export {
  BUILT_IN_RELATIONSHIP_TYPES,
  RelationshipService,
  type RelationshipType,
  RelationshipTypeSchema,
  type RelationshipView,
} from './parties/relationship-service.js';
export {
  CONTACT_POINT_SERVICE,
  CUSTOM_FIELD_SERVICE,
  PARTY_DATE_SERVICE,
  PARTY_LIFECYCLE_SERVICE,
  PARTY_SERVICE,
  RELATIONSHIP_SERVICE,
} from './parties/tokens.js';
export type { Tenant, TenantInput } from './tenants/tenant.js';
export { TenantEntity, TenantInputSchema } from './tenants/tenant.js';
export { SYSTEM_ACTOR, TenantService } from './tenants/tenant-service.js';
export { CORE_VERSION } from './version.js';
