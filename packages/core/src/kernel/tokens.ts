import type { MikroORM } from '@mikro-orm/postgresql';
import type { DependencyContainer, InjectionToken } from 'tsyringe';
import type { Database } from './database.js';
import type { CrmHooks } from './hooks.js';
import type { JobQueue } from './jobs.js';
import type { Logger } from './logger.js';

/** The CRM's MikroORM instance. */
export const ORM: InjectionToken<MikroORM> = Symbol('rapport.orm');
/** The transaction runner every command uses. */
export const DATABASE: InjectionToken<Database> = Symbol('rapport.database');
/** The CRM's frozen hook map. */
export const HOOKS: InjectionToken<Readonly<CrmHooks>> = Symbol('rapport.hooks');
/** The durable job queue. */
export const JOB_QUEUE: InjectionToken<JobQueue> = Symbol('rapport.jobQueue');
/** The logger given in the CRM options. */
export const LOGGER: InjectionToken<Logger> = Symbol('rapport.logger');
/** The CRM's own container (for services that resolve lazily). */
export const CONTAINER: InjectionToken<DependencyContainer> = Symbol('rapport.container');
