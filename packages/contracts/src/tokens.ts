import type { InjectionToken } from '@rapport/core/plugin';
import type { ContractService } from './contracts/contract-service.js';
import type { ContractOrigins } from './contracts/origin-checks.js';
import type { ContractQueries } from './queries/query-service.js';

/** Token of the {@link ContractService} (`crm.services.contracts`). */
export const CONTRACT_SERVICE: InjectionToken<ContractService> = Symbol('rapport.contracts.contracts');

/** Token of the {@link ContractQueries} (`crm.services.contractQueries`). */
export const CONTRACT_QUERIES: InjectionToken<ContractQueries> = Symbol('rapport.contracts.queries');

/** Token of the {@link ContractOrigins} (deal and quote checks through the installed plugins). */
export const CONTRACT_ORIGINS: InjectionToken<ContractOrigins> = Symbol('rapport.contracts.origins');
