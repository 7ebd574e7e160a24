import { ACTOR_CHECK } from '../kernel/actor-check.js';
import { definePlugin } from '../kernel/plugin.js';
import { kernelMigration } from '../migrations/0001-kernel.js';
import { partiesMigration } from '../migrations/0002-parties.js';
import { organisationMigration } from '../migrations/0003-organisation.js';
import { tenantTimeZoneMigration } from '../migrations/0006-tenant-time-zone.js';
import { contactPointQualityMigration } from '../migrations/0007-contact-point-quality.js';
import { employeeHierarchyMigration } from '../migrations/0008-employee-hierarchy.js';
import { segmentOwnersMigration } from '../migrations/0009-segment-owners.js';
import { partyNameKeysMigration } from '../migrations/0011-party-name-keys.js';
import { partyTeamIndexMigration } from '../migrations/0013-party-team-index.js';
import { checkActor } from '../organisation/actor-check.js';
import { DepartmentService } from '../organisation/department-service.js';
import { EmployeeService } from '../organisation/employee-service.js';
import { OwnershipService } from '../organisation/ownership-service.js';
import { DEPARTMENT_SERVICE, EMPLOYEE_SERVICE, OWNERSHIP_SERVICE } from '../organisation/tokens.js';
import '../participation/contributions.js';
import { coreEntities } from '../core-entities.js';
import { PARTICIPATION, ParticipationRegistry } from '../participation/registry.js';
import { PrivacyService } from '../privacy/privacy-service.js';
import { PRIVACY_SERVICE } from '../privacy/tokens.js';
import { TenantService } from '../tenants/tenant-service.js';
import { TENANT_SERVICE } from '../tenants/tokens.js';
import { CORE_VERSION } from '../version.js';
import { ContactPointService } from './contact-point-service.js';
import { CustomFieldService } from './custom-fields.js';
import { PartyDateService } from './date-service.js';
import { DuplicateService } from './duplicates-report.js';
import { partyHooks } from './hooks.js';
import { PartyImportService } from './import-service.js';
import { PartyLifecycleService } from './lifecycle-service.js';
import { MergeService } from './merge-service.js';
import { PARTY_OPTIONS, PartyOptionsSchema } from './options.js';
import { PartyService } from './party-service.js';
import { RelationshipService } from './relationship-service.js';
import { SegmentService } from './segment-service.js';
import {
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
} from './tokens.js';

/**
 * Core's parties module — tenants, parties, organisation and ownership, segments, imports, merges and
 * privacy — installed through the same plugin contract as every other plugin. It keeps the name
 * `@rapport/core`: plugins depend on it by that name, and its migrations are recorded under it.
 */
export const partiesModule = definePlugin({
  name: '@rapport/core',
  version: CORE_VERSION,
  description: 'Tenants, parties, organisation and ownership, segments, imports, merges, privacy',
  options: PartyOptionsSchema,
  optionsToken: PARTY_OPTIONS,
  entities: coreEntities,
  migrations: [
    kernelMigration,
    partiesMigration,
    organisationMigration,
    tenantTimeZoneMigration,
    contactPointQualityMigration,
    employeeHierarchyMigration,
    segmentOwnersMigration,
    partyNameKeysMigration,
    partyTeamIndexMigration,
  ],
  hooks: partyHooks,
  services: {
    tenants: { token: TENANT_SERVICE, useClass: TenantService },
    parties: { token: PARTY_SERVICE, useClass: PartyService },
    contactPoints: { token: CONTACT_POINT_SERVICE, useClass: ContactPointService },
    customFields: { token: CUSTOM_FIELD_SERVICE, useClass: CustomFieldService },
    lifecycle: { token: PARTY_LIFECYCLE_SERVICE, useClass: PartyLifecycleService },
    partyDates: { token: PARTY_DATE_SERVICE, useClass: PartyDateService },
    relationships: { token: RELATIONSHIP_SERVICE, useClass: RelationshipService },
    departments: { token: DEPARTMENT_SERVICE, useClass: DepartmentService },
    employees: { token: EMPLOYEE_SERVICE, useClass: EmployeeService },
    ownership: { token: OWNERSHIP_SERVICE, useClass: OwnershipService },
    privacy: { token: PRIVACY_SERVICE, useClass: PrivacyService },
    segments: { token: SEGMENT_SERVICE, useClass: SegmentService },
    imports: { token: PARTY_IMPORT_SERVICE, useClass: PartyImportService },
    duplicates: { token: DUPLICATE_SERVICE, useClass: DuplicateService },
    merges: { token: MERGE_SERVICE, useClass: MergeService },
  },
  setup(api) {
    // Every installed plugin's declared participation (core's journal included), for
    // merges, privacy requests, reassignments and deactivations; refused at start-up when invalid.
    const registry = new ParticipationRegistry();
    for (const plugin of api.plugins) {
      for (const declaration of plugin.participation ?? []) registry.register(plugin.name, declaration);
    }
    api.container.registerInstance(PARTICIPATION, registry);
    // "A deactivated employee may do nothing", for every service: checked once per transaction.
    api.container.registerInstance(ACTOR_CHECK, checkActor);
  },
});
