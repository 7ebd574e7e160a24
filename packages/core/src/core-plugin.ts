import { AsyncSeriesHook, AsyncSeriesWaterfallHook } from 'tapable';
import type { InjectionToken } from 'tsyringe';
import { definePlugin } from './kernel/plugin.js';
import { kernelMigration } from './migrations/0001-kernel.js';
import { partiesMigration } from './migrations/0002-parties.js';
import { ContactPointService } from './parties/contact-point-service.js';
import { CustomFieldService } from './parties/custom-fields.js';
import { PartyDateService } from './parties/date-service.js';
import { PartyLifecycleService } from './parties/lifecycle-service.js';
import { PARTY_OPTIONS, PartyOptionsSchema } from './parties/options.js';
import { PartyService } from './parties/party-service.js';
import { RelationshipService } from './parties/relationship-service.js';
import {
  CONTACT_POINT_SERVICE,
  CUSTOM_FIELD_SERVICE,
  PARTY_DATE_SERVICE,
  PARTY_LIFECYCLE_SERVICE,
  PARTY_SERVICE,
  RELATIONSHIP_SERVICE,
} from './parties/tokens.js';
import { TenantEntity } from './tenants/tenant.js';
import { TenantService } from './tenants/tenant-service.js';
import { CORE_VERSION } from './version.js';

/** Token of the {@link TenantService}. */
export const TENANT_SERVICE: InjectionToken<TenantService> = Symbol('rapport.core.tenants');

const series =
  <T extends unknown[]>(name: string, args: string[]) =>
  () =>
    new AsyncSeriesHook<T>(args as never, name);
const waterfall =
  <T extends unknown[]>(name: string, args: string[]) =>
  () =>
    new AsyncSeriesWaterfallHook<T>(args as never, name);

/** Core's own module, installed through the same plugin contract as every other plugin. */
export const corePlugin = definePlugin({
  name: '@rapport/core',
  version: CORE_VERSION,
  description: 'Kernel tables, tenants, parties and the core hooks',
  options: PartyOptionsSchema,
  optionsToken: PARTY_OPTIONS,
  entities: [TenantEntity],
  migrations: [kernelMigration, partiesMigration],
  hooks: {
    beforeTenantCreate: waterfall('beforeTenantCreate', ['input', 'tx']),
    tenantCreated: series('tenantCreated', ['tenant', 'tx']),
    beforePartyCreate: waterfall('beforePartyCreate', ['input', 'tx']),
    partyCreated: series('partyCreated', ['party', 'tx']),
    beforePartyUpdate: waterfall('beforePartyUpdate', ['patch', 'party', 'tx']),
    partyUpdated: series('partyUpdated', ['event', 'tx']),
    partyLifecycleChanged: series('partyLifecycleChanged', ['event', 'tx']),
    partiesMerging: series('partiesMerging', ['event', 'tx']),
    partiesMerged: series('partiesMerged', ['event', 'tx']),
  },
  services: {
    tenants: { token: TENANT_SERVICE, useClass: TenantService },
    parties: { token: PARTY_SERVICE, useClass: PartyService },
    contactPoints: { token: CONTACT_POINT_SERVICE, useClass: ContactPointService },
    customFields: { token: CUSTOM_FIELD_SERVICE, useClass: CustomFieldService },
    lifecycle: { token: PARTY_LIFECYCLE_SERVICE, useClass: PartyLifecycleService },
    partyDates: { token: PARTY_DATE_SERVICE, useClass: PartyDateService },
    relationships: { token: RELATIONSHIP_SERVICE, useClass: RelationshipService },
  },
});
