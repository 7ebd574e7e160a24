import 'reflect-metadata';

// Re-exported so plugins use core's own copies: a second tsyringe, tapable or MikroORM in a plugin's
// node_modules would register services, hooks or entities in a world core never sees.
export { defineEntity, p } from '@mikro-orm/core';
// ---- Data layer (issue 11, p11-data): entities, tx.db, the table map. Keep this block together. ----
// Kysely's `sql` tag, re-exported so plugins write raw fragments in tx.db queries with core's copy.
export { sql } from 'kysely';
export {
  AsyncParallelHook,
  AsyncSeriesBailHook,
  AsyncSeriesHook,
  AsyncSeriesWaterfallHook,
} from 'tapable';
export { type InjectionToken, inject, injectable } from 'tsyringe';
export { z } from 'zod';
export { coreEntities } from './core-entities.js';
export { corePlugin, PRIVACY_SERVICE, TENANT_SERVICE } from './core-plugin.js';
export type { CoreTables } from './core-tables.js';
export { ActivityTypeRegistry } from './journal/activity-registry.js';
export {
  type ActivityTraits,
  type ActivityType,
  type ActivityTypeMap,
  CORE_ACTIVITY_TYPES,
  defineActivityType,
} from './journal/activity-types.js';
export { AgendaService } from './journal/agenda-service.js';
export { JournalEntryEntity } from './journal/entities/journal-entry.js';
export { JournalPartyEntity } from './journal/entities/journal-party.js';
export { JournalReminderEntity } from './journal/entities/journal-reminder.js';
export {
  ENTRY_COLUMNS,
  type EntryParty,
  type EntryRow,
  type JournalEntry,
  toEntry,
} from './journal/entry.js';
export {
  type PendingEntry,
  readEntries,
  requireVisibleParties,
  writeEntries,
} from './journal/entry-writer.js';
export { JournalService, type RecordResult, recordOf } from './journal/journal-service.js';
export {
  type ParsedRecord,
  type RecordInput,
  RecordInputSchema,
  validateRecord,
} from './journal/record-input.js';
export type { ReminderJob } from './journal/reminders.js';
export { type TimelinePage, TimelineService } from './journal/timeline-service.js';
export { ACTIVITY_TYPES, AGENDA_SERVICE, JOURNAL_SERVICE, TIMELINE_SERVICE } from './journal/tokens.js';
export { entryVisibilitySql, requireVisibleEntry } from './journal/visibility.js';
export type { Actor, CallContext, EnqueueOptions, JobMap, TxContext } from './kernel/context.js';
export { createCallContext, isTxContext } from './kernel/context.js';
export { type Crm, type CrmOptions, type CrmServices, createCrm } from './kernel/crm.js';
export { Database, type SqlRunner } from './kernel/database.js';
export { kyselyOf, type RapportDb, type RapportTables, type TableOf } from './kernel/db.js';
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
export {
  type JobDefinition,
  type JobDefinitions,
  type JobQueue,
  type JobQueueOptions,
  type JobRun,
  type JobSchedule,
  SCHEDULER_ACTOR,
} from './kernel/jobs.js';
export { consoleLogger, type Logger } from './kernel/logger.js';
export {
  type AppliedMigration,
  type Migration,
  type MigrationApi,
  type PendingMigration,
  tenantIsolationSql,
} from './kernel/migrations.js';
export { ormOptions, PostgresNamingStrategy } from './kernel/orm-options.js';
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
export type {
  DeliveryOutcome,
  MessageChannel,
  MessageJournalInput,
  MessageJournalStatus,
  MessageTransport,
  OutgoingMessage,
  TemplatePartSpec,
} from './messaging/channel.js';
export { ChannelRegistry } from './messaging/channel-registry.js';
export { CampaignEntity } from './messaging/entities/campaign.js';
export { MessageEntity } from './messaging/entities/message.js';
export { MessageAttemptEntity } from './messaging/entities/message-attempt.js';
export { MessageTemplateEntity } from './messaging/entities/message-template.js';
export { BUILT_IN_HELPERS, type TemplateHelper, type TemplateParty } from './messaging/helpers.js';
export type {
  Campaign,
  CampaignInput,
  CampaignProgress,
  Message,
  MessageAttempt,
  MessageStatus,
  SendInput,
  SkipReason,
  UnsubscribeResult,
} from './messaging/messages.js';
export { CampaignInputSchema, SendInputSchema } from './messaging/messages.js';
export { type DeliveryReport, MessagingService } from './messaging/messaging-service.js';
export { Pacer, type PacerClock } from './messaging/pacer.js';
export { type CompiledTemplate, localeChain } from './messaging/template-compiler.js';
export {
  type RenderedTemplate,
  type RenderInput,
  type StoredTemplate,
  type TemplateInput,
  TemplateInputSchema,
  type TemplateKey,
  TemplateService,
} from './messaging/template-service.js';
export { CHANNEL_REGISTRY, MESSAGING_SERVICE, TEMPLATE_SERVICE } from './messaging/tokens.js';
export { parseUnsubscribeToken, unsubscribeToken } from './messaging/unsubscribe-token.js';
export {
  assertVisible,
  type EmployeeRole,
  paramBinder,
  type Visibility,
  type VisibilityClause,
  visibilityOf,
  visibilitySql,
} from './organisation/access.js';
export { type Department, DepartmentService, requireDepartment } from './organisation/department-service.js';
export { type Employee, EmployeeService, requireEmployee } from './organisation/employee-service.js';
export { DepartmentEntity } from './organisation/entities/department.js';
export { EmployeeEntity } from './organisation/entities/employee.js';
export { ErasureEntity } from './organisation/entities/erasure.js';
export { PartyShareEntity } from './organisation/entities/party-share.js';
export { ReassignmentEntity } from './organisation/entities/reassignment.js';
export { ReassignmentItemEntity } from './organisation/entities/reassignment-item.js';
export type { EmployeeDeactivatedEvent } from './organisation/events.js';
export { requireActiveOwner } from './organisation/owner.js';
export { OwnershipService, type ReassignmentRecord } from './organisation/ownership-service.js';
export { requireAdmin, requireManager } from './organisation/permissions.js';
export type { OwnershipTransferEvent, ReassignResult } from './organisation/reassign.js';
export { DEPARTMENT_SERVICE, EMPLOYEE_SERVICE, OWNERSHIP_SERVICE } from './organisation/tokens.js';
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
export {
  type DuplicatePair,
  type DuplicatePartySummary,
  type DuplicateReason,
  type DuplicateReport,
  type DuplicateReportOptions,
  DuplicateService,
} from './parties/duplicates-report.js';
export { ConsentEntity } from './parties/entities/consent.js';
export { ContactPointEntity } from './parties/entities/contact-point.js';
export { CustomFieldEntity } from './parties/entities/custom-field.js';
export { PartyEntity } from './parties/entities/party.js';
export { PartyDateEntity } from './parties/entities/party-date.js';
export { PartyExternalKeyEntity } from './parties/entities/party-external-key.js';
export { PartyHistoryEntity } from './parties/entities/party-history.js';
export { PartyIdentityEntity } from './parties/entities/party-identity.js';
export { PartyMergeEntity } from './parties/entities/party-merge.js';
export { PartyRoleEntity } from './parties/entities/party-role.js';
export { RelationshipEntity } from './parties/entities/relationship.js';
export { RelationshipTypeEntity } from './parties/entities/relationship-type.js';
export { SegmentEntity } from './parties/entities/segment.js';
export type {
  AnyCustomOperators,
  Condition,
  ConditionOf,
  CustomCondition,
  CustomFieldOperators,
  FieldCondition,
  Filter,
  OperatorFamilies,
  PartyFilterField,
  PartyFilterFields,
  RelationshipValue,
  RoleValue,
} from './parties/filter.js';
export { FILTER_LIMITS } from './parties/filter.js';
export {
  type CustomFieldRef,
  type FieldRef,
  f,
  type OperatorMethods,
  RelationshipCondition,
} from './parties/filter-builder.js';
export {
  type CompiledFilter,
  type CompileOptions,
  compileFilter,
  escapeLike,
} from './parties/filter-compiler.js';
export { type FilterCatalog, validateFilter } from './parties/filter-validator.js';
export { type DuplicateCandidate, fuzzyCandidates } from './parties/fuzzy.js';
export type {
  AddressMapping,
  ContactSource,
  ImportMapping,
  ListSource,
  SourceRow,
  ValueSource,
} from './parties/import-mapping-types.js';
export { PartyImportService } from './parties/import-service.js';
export {
  type ImportCounts,
  type ImportCsvOptions,
  type ImportDuplicate,
  type ImportIssue,
  type ImportMatch,
  type ImportOptions,
  type ImportProgress,
  type ImportResult,
  type ImportRowError,
  OnDuplicate,
  type PartyImportRow,
} from './parties/import-types.js';
export { PartyLifecycleService } from './parties/lifecycle-service.js';
export type { MergeRecord } from './parties/merge-audit.js';
export { type MergeRefusal, MergeRefusedError } from './parties/merge-errors.js';
export { MERGE_FIELDS, type MergeField, type MergeInput, MergeInputSchema } from './parties/merge-input.js';
export { countReferences, type PartyReference, partyReferences } from './parties/merge-references.js';
export { type MergeResult, MergeService } from './parties/merge-service.js';
export type { Jsonified, MergedSnapshot } from './parties/merge-snapshot.js';
export { PARTY_OPTIONS, type PartyOptions, PartyOptionsSchema } from './parties/options.js';
export {
  type PageOptions,
  PageOptionsSchema,
  type ParsedPageOptions,
  PartyOrder,
} from './parties/page-cursor.js';
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
export { countParties, type PartyPage, type PartyPredicate, pageParties } from './parties/party-query.js';
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
export type { Segment, SegmentInput, SegmentPatch } from './parties/segment.js';
export { SegmentService } from './parties/segment-service.js';
export {
  CONTACT_POINT_SERVICE,
  CUSTOM_FIELD_SERVICE,
  DUPLICATE_SERVICE,
  MERGE_SERVICE,
  PARTY_DATE_SERVICE,
  PARTY_IMPORT_SERVICE,
  PARTY_LIFECYCLE_SERVICE,
  PARTY_SERVICE,
  RELATIONSHIP_SERVICE,
  SEGMENT_SERVICE,
} from './parties/tokens.js';
export { type PersonalDataExport, PrivacyService } from './privacy/privacy-service.js';
export type { Tenant, TenantInput } from './tenants/tenant.js';
export { TenantEntity, TenantInputSchema } from './tenants/tenant.js';
export { SYSTEM_ACTOR, TenantService } from './tenants/tenant-service.js';
export { CORE_VERSION } from './version.js';
// ---- end of the data layer block ----
