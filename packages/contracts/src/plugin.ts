import { CalendarDateSchema, definePlugin, z } from '@rapport/core/plugin';
import { CONTRACTS_ACTIVITY_TYPES } from './activity-types.js';
import { ContractService } from './contracts/contract-service.js';
import { ContractOrigins } from './contracts/origin-checks.js';
import { contractPartiesClause } from './contracts/visibility.js';
import { contractsEntities } from './entities/index.js';
import { contractsHooks } from './hooks.js';
import { contractsMigration } from './migrations/0001-contracts.js';
import { expiringIndexesMigration } from './migrations/0002-expiring-indexes.js';
import { CONTRACTS_OPTIONS, type ContractsOptions, ContractsOptionsSchema } from './options.js';
import { CONTRACT_PARTICIPATION } from './participation.js';
import { ContractQueries } from './queries/query-service.js';
import { CONTRACT_ORIGINS, CONTRACT_QUERIES, CONTRACT_SERVICE } from './tokens.js';
import { CONTRACTS_VERSION } from './version.js';

/**
 * The contracts plugin: contracts with customers and partners, numbered by `@rapport/documents`,
 * through their lifecycle (each move in the journal), renewed into follow-ups; a daily job for
 * reminders, automatic renewals and expiries; in-force, expiring, renewal, recurring-revenue and
 * churn queries.
 *
 * @example
 * const crm = await createCrm({ database: { url }, plugins: [documentsPlugin, contractsPlugin] });
 * const c = await crm.services.contracts.create(ctx, { partyId, subject: 'Support', startOn: '2027-01-01',
 *   endOn: '2027-12-31', value: { kind: 'recurring', amount: '500', currency: 'EUR', period: 'month' } });
 */
export const contractsPlugin = definePlugin({
  name: '@rapport/contracts',
  version: CONTRACTS_VERSION,
  description: 'Contracts: lifecycle, renewals, reminders, recurring revenue',
  // Any 0.x documents: its API is declared stable (additions only) while it is young.
  dependencies: { '@rapport/core': '^0.1.0', '@rapport/documents': '>=0.0.0 <1.0.0' },
  options: ContractsOptionsSchema,
  optionsToken: CONTRACTS_OPTIONS,
  entities: contractsEntities,
  migrations: [contractsMigration, expiringIndexesMigration],
  hooks: contractsHooks,
  activityTypes: CONTRACTS_ACTIVITY_TYPES,
  participation: [CONTRACT_PARTICIPATION],
  // Numbers come from @rapport/documents: a tenant gets this type on first use unless it defined `contract`.
  documentTypes: [{ key: 'contract', name: 'Contract', numberFormat: 'CT-{yyyy}-{seq:5}', period: 'year' }],
  jobs: {
    'contracts.daily': {
      // Scheduled ticks carry `{}` (today in the tenant's zone); `on` runs a given day (catch-up, tests).
      schema: z.object({ on: CalendarDateSchema.optional() }).strict(),
      retry: { limit: 3, delaySeconds: 60 },
      schedule: (options: ContractsOptions) =>
        options.dailySchedule.enabled
          ? { cron: options.dailySchedule.cron, tz: options.dailySchedule.tz }
          : null,
      async handle(job) {
        await job.container
          .resolve(CONTRACT_SERVICE)
          .runDaily(job.ctx, job.data.on ? { on: job.data.on } : {});
      },
    },
  },
  services: {
    contracts: { token: CONTRACT_SERVICE, useClass: ContractService },
    contractQueries: { token: CONTRACT_QUERIES, useClass: ContractQueries },
  },
  setup(api) {
    // Deals and quotes of origin are checked through the pipeline's and pricing's services when installed.
    api.container.registerInstance(CONTRACT_ORIGINS, new ContractOrigins(api.plugins, api.container));
    // Whoever owns a contract may see its party (see `contractPartiesClause`).
    api.tap('transformVisibility', async (visibility) =>
      visibility.all
        ? visibility
        : { ...visibility, clauses: [...visibility.clauses, contractPartiesClause(visibility)] },
    );
  },
});
