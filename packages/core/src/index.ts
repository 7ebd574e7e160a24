import 'reflect-metadata';

export { corePlugin, TENANT_SERVICE } from './core-plugin.js';
export type { Actor, CallContext, EnqueueOptions, JobMap, TxContext } from './kernel/context.js';
export { createCallContext, isTxContext } from './kernel/context.js';
export { createCrm, type Crm, type CrmOptions, type CrmServices } from './kernel/crm.js';
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
export type { Tenant, TenantInput } from './tenants/tenant.js';
export { TenantEntity, TenantInputSchema } from './tenants/tenant.js';
export { SYSTEM_ACTOR, TenantService } from './tenants/tenant-service.js';
export { CORE_VERSION } from './version.js';
