/**
 * `@rapport/core`: what an application uses — `createCrm`, the services' types, errors and value types.
 * Plugin authors import `@rapport/core/plugin`, which re-exports all of this plus the plugin API.
 */
import 'reflect-metadata';

// ── The CRM ────────────────────────────────────────────────────────────────────────────────────
export { type Crm, type CrmOptions, type CrmServices, createCrm } from './create-crm.js';
// ── Services (types: reach them as `crm.services.<name>`) ──────────────────────────────────────
export type { ActivityTypeRegistry } from './journal/activity-registry.js';
// ── The journal ────────────────────────────────────────────────────────────────────────────────
export {
  type ActivityTraits,
  type ActivityType,
  type ActivityTypeMap,
  CORE_ACTIVITY_TYPES,
} from './journal/activity-types.js';
export type { AgendaService } from './journal/agenda-service.js';
// ── Entities: one MikroORM entity per core table, to relate to and query with types ──────────────
export { JournalEntryEntity } from './journal/entities/journal-entry.js';
export { JournalPartyEntity } from './journal/entities/journal-party.js';
export { JournalReminderEntity } from './journal/entities/journal-reminder.js';
export type { EntryParty, JournalEntry, RecordedEntry } from './journal/entry.js';
export type { JournalHooks } from './journal/hooks.js';
export type { JournalService, RecordResult } from './journal/journal-service.js';
export {
  LineDiscountSchema,
  LineTaxSchema,
  type MoneyLine,
  MoneyLineSchema,
} from './journal/money-lines.js';
export type { RecordInput } from './journal/record-input.js';
export type { TimelinePage, TimelineService } from './journal/timeline-service.js';
export type { Actor, CallContext } from './kernel/context.js';
// ── Errors ─────────────────────────────────────────────────────────────────────────────────────
export { toRapportError } from './kernel/database-errors.js';
export {
  ClosedError,
  ConflictError,
  type ConflictErrorOptions,
  DuplicateError,
  type DuplicateErrorOptions,
  ErrorCode,
  type FieldIssue,
  InvalidDataError,
  NotAllowedError,
  NotFoundError,
  PluginError,
  RapportError,
  type RapportErrorOptions,
  TimeoutError,
  UnavailableError,
  type UnavailableErrorOptions,
  VetoError,
} from './kernel/errors.js';
// Core's modules merge their hooks into `CrmHooks` (declared by the kernel); naming their types here
// keeps those declarations beside the kernel's in the bundled `.d.ts` (see scripts/merge-hook-types.mjs).
export type { CrmHooks } from './kernel/hooks.js';
export type { LimitsInput } from './kernel/limits.js';
export { consoleLogger, type Logger } from './kernel/logger.js';
export type { AppliedMigration, PendingMigration } from './kernel/migrations.js';
export type { AnyPlugin } from './kernel/plugin.js';
export type { EmployeeRole } from './organisation/access.js';
export type { Department, DepartmentService } from './organisation/department-service.js';
export type {
  Employee,
  EmployeeInput,
  EmployeePatch,
  EmployeeService,
  EmployeeTreeNode,
  ReportsMoved,
} from './organisation/employee-service.js';
export { DepartmentEntity } from './organisation/entities/department.js';
export { EmployeeEntity } from './organisation/entities/employee.js';
export { ErasureEntity } from './organisation/entities/erasure.js';
export { PartyShareEntity } from './organisation/entities/party-share.js';
export { ReassignmentEntity } from './organisation/entities/reassignment.js';
export { ReassignmentItemEntity } from './organisation/entities/reassignment-item.js';
export type { OwnershipService, ReassignmentRecord } from './organisation/ownership-service.js';
export type { OwnershipTransferEvent, ReassignResult } from './organisation/reassign.js';
export {
  type ContactPointQuality,
  type ContactPointWarning,
  EMAIL_LIMITS,
  PLACEHOLDER_MAILBOXES,
} from './parties/contact-point-quality.js';
export type {
  AddContactPointOptions,
  ConsentState,
  ContactPointService,
} from './parties/contact-point-service.js';
export type { ContactPointInput, ContactPointKind } from './parties/contact-points.js';
export type { CountByBuiltInField, CountByField, CountByGroup } from './parties/count-by.js';
export { COUNTRY_NAME_LANGUAGES, resolveCountry } from './parties/countries.js';
export type {
  CustomFieldDefinition,
  CustomFieldDefinitionInput,
  CustomFieldService,
  PartyCustomFields,
} from './parties/custom-fields.js';
export type { PartyDateService, UpcomingDate } from './parties/date-service.js';
export { type DuplicateMatch, DuplicatePartyError } from './parties/duplicates-error.js';
export type {
  DuplicatePair,
  DuplicatePartySummary,
  DuplicateReason,
  DuplicateReport,
  DuplicateReportOptions,
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
export { SharedDomainEntity } from './parties/entities/shared-domain.js';
// ── Segments and filters ───────────────────────────────────────────────────────────────────────
export type {
  ActivityValue,
  AnyCustomOperators,
  Condition,
  ConditionOf,
  CustomCondition,
  CustomFieldOperators,
  ExternalKeyValue,
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
  ActivityCondition,
  type CustomFieldRef,
  type FieldRef,
  f,
  type OperatorMethods,
  RelationshipCondition,
} from './parties/filter-builder.js';
export type { PartyHooks } from './parties/hooks.js';
// ── Imports ────────────────────────────────────────────────────────────────────────────────────
export type {
  AddressMapping,
  ContactSource,
  ImportMapping,
  ListSource,
  SourceRow,
  ValueSource,
} from './parties/import-mapping-types.js';
export type { PartyImportService } from './parties/import-service.js';
export {
  type ImportCounts,
  type ImportCsvOptions,
  type ImportDuplicate,
  type ImportIssue,
  type ImportMatch,
  type ImportOptions,
  type ImportProgress,
  type ImportRelation,
  type ImportRelationshipsResult,
  type ImportResult,
  type ImportRowError,
  type ImportRowOutcome,
  type ImportRowResult,
  type ImportRowWarning,
  OnDuplicate,
  type PartyImportRow,
} from './parties/import-types.js';
export type { PartyLifecycleService } from './parties/lifecycle-service.js';
export type { MergeRecord } from './parties/merge-audit.js';
export { type MergeRefusal, MergeRefusedError } from './parties/merge-errors.js';
export { MERGE_FIELDS, type MergeField, type MergeInput } from './parties/merge-input.js';
export type { MergeResult, MergeService } from './parties/merge-service.js';
export type { Jsonified, MergedSnapshot } from './parties/merge-snapshot.js';
export type { PartyOptions } from './parties/options.js';
export type { PageOptions } from './parties/page-cursor.js';
export type { ContactPoint, IdentityKey, Party, PartyDate, PartyRoleView } from './parties/party.js';
export {
  type ConsentInput,
  Lifecycle,
  type PartyDateInput,
  type PartyInput,
  type PartyPatch,
} from './parties/party-input.js';
export type { PartyPage } from './parties/party-query.js';
export type {
  CreatePartyOptions,
  CreatePartyResult,
  PartyHistoryEntry,
  PartyService,
} from './parties/party-service.js';
export type {
  RelateItemResult,
  RelateManyOptions,
  RelateManyResult,
} from './parties/relationship-bulk.js';
export type { RelationshipService } from './parties/relationship-service.js';
export {
  BUILT_IN_RELATIONSHIP_TYPES,
  type RelationshipType,
  type RelationshipView,
} from './parties/relationship-service.js';
export type { Segment, SegmentInput, SegmentPatch } from './parties/segment.js';
export type { SegmentService } from './parties/segment-service.js';
export type { SharedDomainSetting } from './parties/shared-domain-settings.js';
export { DEFAULT_SHARED_DOMAINS, isSharedDomain, registrableDomain } from './parties/shared-domains.js';
export type { PersonalDataExport, PrivacyService } from './privacy/privacy-service.js';
// ── Templates ──────────────────────────────────────────────────────────────────────────────────
export { TemplateEntity } from './templates/entities/template.js';
export type { TemplateKindRegistry } from './templates/kind-registry.js';
export type { TemplateKind, TemplatePartSpec } from './templates/template-kind.js';
export type {
  RenderedTemplate,
  RenderInput,
  StoredTemplate,
  TemplateInput,
  TemplateKey,
  TemplateService,
} from './templates/template-service.js';
// ── Value types: tenants, parties, organisation ────────────────────────────────────────────────
export type { Tenant, TenantInput } from './tenants/tenant.js';
export { TenantEntity } from './tenants/tenant.js';
export type { TenantService } from './tenants/tenant-service.js';
// ── Shared value types: money, currencies, calendar days, instants and time zones ────────────────
export { addDays, calendarDateIn, startOfDayIn } from './values/calendar.js';
export { AmountSchema, CurrencySchema, DecimalSchema, type Money, MoneySchema } from './values/money.js';
export {
  CalendarDateSchema,
  InstantOrDateSchema,
  InstantSchema,
  isTimeZone,
  TimeZoneSchema,
} from './values/time.js';
export { CORE_VERSION } from './version.js';
