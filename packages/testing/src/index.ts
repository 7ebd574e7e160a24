export { type AppRole, DEFAULT_APP_ROLE, ensureAppRole } from './app-role.js';
export { type CreateAppDatabaseOptions, DEFAULT_EXTENSIONS } from './databases.js';
export { type OrganisationCrm, type OrgFixture, seedOrganisation } from './organisation.js';
export { PROVIDED_KEY, type ProvidedPostgres } from './provided.js';
export { expectNoSchemaDrift, schemaDrift } from './schema-drift.js';
export { cleanStaleServers } from './stale-servers.js';
export { type PostgresServer, type StartPostgresOptions, startPostgres } from './start-postgres.js';
export { createTestCrm, type TestCrm, type TestCrmOptions } from './test-crm.js';
export { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from './test-database.js';
