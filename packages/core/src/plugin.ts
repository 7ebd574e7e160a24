/**
 * `@rapport/core/plugin`: what a plugin author uses — `definePlugin`, `defineHooks`, `TxContext`, tokens,
 * visibility and migration helpers, the checks commands share — plus everything `@rapport/core` exports.
 */

// Re-exported so plugins use core's own copies: a second tsyringe, tapable or MikroORM in a plugin's
// node_modules would register services, hooks or entities in a world core never sees.
export { defineEntity, p } from '@mikro-orm/core';
// ── Data layer: the typed query builder (`tx.db`), its table map, ORM options ────────────────────
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
export type { CoreTables } from './core-tables.js';
export * from './index.js';
// ── Activity types ─────────────────────────────────────────────────────────────────────────────
export { defineActivityType } from './journal/activity-types.js';
export type { PendingEntry } from './journal/entry-writer.js';
export { requireVisibleParties } from './journal/entry-writer.js';
export { journalHooks } from './journal/hooks.js';
// ── Core's modules, as plugin values (to depend on by value, or to run the conformance kit on) ──
export { journalModule } from './journal/module.js';
export { type ParsedRecord, RecordInputSchema } from './journal/record-input.js';
export { ACTIVITY_TYPES, AGENDA_SERVICE, JOURNAL_SERVICE, TIMELINE_SERVICE } from './journal/tokens.js';
export { entryVisibilitySql, requireVisibleEntry } from './journal/visibility.js';
// ── Transactions, tokens, validation, errors ───────────────────────────────────────────────────
export { ACTOR_CHECK, type ActorCheck, type BoundActorCheck } from './kernel/actor-check.js';
export type { EnqueueOptions, JobMap, TxContext } from './kernel/context.js';
// ── For plugins that act on parties (messaging): call contexts, party history, segment predicates ─
export { createCallContext, isCallContext, isTxContext } from './kernel/context.js';
export type { Database, SqlRunner, TransactionOptions } from './kernel/database.js';
export { pgErrorOf } from './kernel/database-errors.js';
export { kyselyOf, type RapportDb, type RapportTables, sqlFragment, type TableOf } from './kernel/db.js';
export {
  type BailHook,
  bail,
  defineHooks,
  type HookFactoryMap,
  type HookKind,
  type HooksOf,
  type ParallelHook,
  parallel,
  type SeriesHook,
  series,
  type WaterfallHook,
  waterfall,
} from './kernel/define-hooks.js';
export type { CrmHooks, HookName, TapFn } from './kernel/hooks.js';
// ── Jobs and migrations ────────────────────────────────────────────────────────────────────────
export {
  type DrainOptions,
  type DrainResult,
  type JobDefinition,
  type JobDefinitions,
  type JobQueue,
  type JobRun,
  type JobSchedule,
  SCHEDULER_ACTOR,
} from './kernel/jobs.js';
export { type CallClass, LIMITS, type Limits } from './kernel/limits.js';
export { type Migration, type MigrationApi, tenantIsolationSql } from './kernel/migrations.js';
export { ormOptions, PostgresNamingStrategy } from './kernel/orm-options.js';
// ── Plugins and hooks ──────────────────────────────────────────────────────────────────────────
export {
  type DependencyHooks,
  definePlugin,
  type Plugin,
  type PluginContributions,
  type PluginDependencies,
  type PluginDependency,
  type PluginSpec,
  type ServiceClass,
  type ServiceDefinition,
  type ServiceMap,
  type SetupApi,
  type VisibleHooks,
} from './kernel/plugin.js';
export { tenantRelation } from './kernel/relations.js';
export { CronExpressionSchema, JobScheduleSchema } from './kernel/schedule.js';
export { CONTAINER, DATABASE, HOOKS, JOB_QUEUE, LOGGER, ORM } from './kernel/tokens.js';
export { assertSafeText, parse, requireAtMost, requireIds } from './kernel/validation.js';
// ── Visibility and the checks commands share ───────────────────────────────────────────────────
export {
  assertVisible,
  mayChangeOwned,
  paramBinder,
  type Visibility,
  type VisibilityClause,
  visibilityOf,
  visibilitySql,
} from './organisation/access.js';
export { requireDepartment } from './organisation/department-service.js';
export { requireEmployee } from './organisation/employee-service.js';
export type { EmployeeDeactivatedEvent } from './organisation/events.js';
export { requireActiveOwner, requireAssignableOwner } from './organisation/owner.js';
export { requireAdmin, requireManager } from './organisation/permissions.js';
export { teamSql } from './organisation/reports-to.js';
export { DEPARTMENT_SERVICE, EMPLOYEE_SERVICE, OWNERSHIP_SERVICE } from './organisation/tokens.js';
// ── Declared party participation ───────────────────────────────────────────────────────────────
export type {
  EmployeeLink,
  ErasedValue,
  ParticipationAudit,
  ParticipationVisibility,
  PartyLink,
  TableParticipation,
} from './participation/declaration.js';
export {
  PARTICIPATION,
  ParticipationRegistry,
  type RegisteredParticipation,
} from './participation/registry.js';
export { ownedBySql, rowVisibilitySql } from './participation/visibility.js';
export {
  ContactPointInputSchema,
  type NormalizedContactPoint,
  type NormalizeOptions,
  normalizeContactPoint,
} from './parties/contact-points.js';
export { CustomFieldDefinitionSchema } from './parties/custom-fields.js';
export { partyHooks } from './parties/hooks.js';
// ── CSV reading, shared by imports of other plugins (the catalogue's): streaming, header checked ──
export { type CsvReadOptions, csvError, csvRecords } from './parties/import-csv.js';
export { MergeInputSchema } from './parties/merge-input.js';
export { partiesModule } from './parties/module.js';
export { PageOptionsSchema } from './parties/page-cursor.js';
export { lockParty, requireParty, touchParty } from './parties/party-access.js';
export type {
  FieldChanges,
  PartiesMergeEvent,
  PartyLifecycleChangedEvent,
  PartyUpdatedEvent,
} from './parties/party-events.js';
export type { ParsedPartyInput, ParsedPartyPatch } from './parties/party-input.js';
export {
  ConsentInputSchema,
  PartyDateInputSchema,
  PartyInputSchema,
  PartyPatchSchema,
} from './parties/party-input.js';
export type { PartyPredicate } from './parties/party-query.js';
export { partyVisibility, refuseHiddenParties } from './parties/party-visibility.js';
export { recordHistory } from './parties/party-writer.js';
export { RelationshipTypeSchema } from './parties/relationship-service.js';
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
// ── Core's modules: tokens of their services, hook payloads ────────────────────────────────────
export { PRIVACY_SERVICE } from './privacy/tokens.js';
// ── Templates: the engine plugins render with (kinds declared through `templateKinds`) ─────────
export { BUILT_IN_HELPERS, type TemplateHelper, type TemplateParty } from './templates/helpers.js';
export { templatesModule } from './templates/module.js';
export { type CompiledTemplate, canonicalLocale, localeChain } from './templates/template-compiler.js';
export {
  RESERVED_TEMPLATE_KEYS,
  renderContext,
  TemplateInputSchema,
} from './templates/template-service.js';
export { TEMPLATE_KINDS, TEMPLATE_SERVICE } from './templates/tokens.js';
export { TenantInputSchema } from './tenants/tenant.js';
// ── The tenant's time zone ─────────────────────────────────────────────────────────────────────
export { tenantDayStart, tenantTimeZone, tenantToday } from './tenants/time-zone.js';
export { TENANT_SERVICE } from './tenants/tokens.js';
