import { AsyncParallelHook, AsyncSeriesHook, AsyncSeriesWaterfallHook } from 'tapable';
import type { InjectionToken } from 'tsyringe';
import { coreEntities } from './core-entities.js';
import { ActivityTypeRegistry } from './journal/activity-registry.js';
import { AgendaService } from './journal/agenda-service.js';
import { tapJournal } from './journal/core-taps.js';
import { JournalService } from './journal/journal-service.js';
import { committedJob, reminderJob } from './journal/reminders.js';
import { TimelineService } from './journal/timeline-service.js';
import { ACTIVITY_TYPES, AGENDA_SERVICE, JOURNAL_SERVICE, TIMELINE_SERVICE } from './journal/tokens.js';
import { definePlugin } from './kernel/plugin.js';
import { ChannelRegistry } from './messaging/channel-registry.js';
import { tapMessaging } from './messaging/core-taps.js';
import { deliverJob, dispatchJob } from './messaging/jobs.js';
import { MessagingService } from './messaging/messaging-service.js';
import { TemplateService } from './messaging/template-service.js';
import { CHANNEL_REGISTRY, MESSAGING_SERVICE, TEMPLATE_SERVICE } from './messaging/tokens.js';
import { kernelMigration } from './migrations/0001-kernel.js';
import { partiesMigration } from './migrations/0002-parties.js';
import { organisationMigration } from './migrations/0003-organisation.js';
import { journalMigration } from './migrations/0004-journal.js';
import { messagingMigration } from './migrations/0005-messaging.js';
import { DepartmentService } from './organisation/department-service.js';
import { EmployeeService } from './organisation/employee-service.js';
import { OwnershipService } from './organisation/ownership-service.js';
import { DEPARTMENT_SERVICE, EMPLOYEE_SERVICE, OWNERSHIP_SERVICE } from './organisation/tokens.js';
import { ContactPointService } from './parties/contact-point-service.js';
import { CustomFieldService } from './parties/custom-fields.js';
import { PartyDateService } from './parties/date-service.js';
import { DuplicateService } from './parties/duplicates-report.js';
import { PartyImportService } from './parties/import-service.js';
import { PartyLifecycleService } from './parties/lifecycle-service.js';
import { MergeService } from './parties/merge-service.js';
import { PARTY_OPTIONS, PartyOptionsSchema } from './parties/options.js';
import { PartyService } from './parties/party-service.js';
import { RelationshipService } from './parties/relationship-service.js';
import { SegmentService } from './parties/segment-service.js';
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
} from './parties/tokens.js';
import { PrivacyService } from './privacy/privacy-service.js';
import { TenantService } from './tenants/tenant-service.js';
import { CORE_VERSION } from './version.js';

/** Token of the {@link PrivacyService}. */
export const PRIVACY_SERVICE: InjectionToken<PrivacyService> = Symbol('rapport.core.privacy');

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
  entities: coreEntities,
  migrations: [
    kernelMigration,
    partiesMigration,
    organisationMigration,
    journalMigration,
    messagingMigration,
  ],
  hooks: {
    beforeTenantCreate: waterfall('beforeTenantCreate', ['input', 'tx']),
    tenantCreated: series('tenantCreated', ['tenant', 'tx']),
    beforePartyCreate: waterfall('beforePartyCreate', ['input', 'tx']),
    partyCreated: series('partyCreated', ['party', 'tx']),
    partiesImported: series('partiesImported', ['batch', 'tx']),
    beforePartyUpdate: waterfall('beforePartyUpdate', ['patch', 'party', 'tx']),
    partyUpdated: series('partyUpdated', ['event', 'tx']),
    partyLifecycleChanged: series('partyLifecycleChanged', ['event', 'tx']),
    partiesMerging: series('partiesMerging', ['event', 'tx']),
    partiesMerged: series('partiesMerged', ['event', 'tx']),
    resolveVisibility: waterfall('resolveVisibility', ['visibility', 'tx']),
    ownershipTransferring: waterfall('ownershipTransferring', ['moved', 'event', 'tx']),
    ownershipTransferred: series('ownershipTransferred', ['event', 'tx']),
    employeeDeactivated: series('employeeDeactivated', ['event', 'tx']),
    collectPersonalData: waterfall('collectPersonalData', ['sections', 'subject', 'tx']),
    partyErasing: series('partyErasing', ['event', 'tx']),
    beforeActivityRecord: waterfall('beforeActivityRecord', ['entry', 'tx']),
    activityRecorded: series('activityRecorded', ['entry', 'tx']),
    activitiesRecorded: series('activitiesRecorded', ['entries', 'tx']),
    activityCommitted: () => new AsyncParallelHook(['entry', 'ctx'], 'activityCommitted'),
    activityReminder: series('activityReminder', ['entry', 'tx']),
  },
  jobs: {
    'core.journal.committed': committedJob,
    'core.journal.reminder': reminderJob,
    'core.messaging.deliver': deliverJob,
    'core.messaging.dispatch': dispatchJob,
  },
  setup(api) {
    tapJournal(api);
    tapMessaging(api);
  },
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
    activityTypes: { token: ACTIVITY_TYPES, useClass: ActivityTypeRegistry },
    journal: { token: JOURNAL_SERVICE, useClass: JournalService },
    agenda: { token: AGENDA_SERVICE, useClass: AgendaService },
    timeline: { token: TIMELINE_SERVICE, useClass: TimelineService },
    segments: { token: SEGMENT_SERVICE, useClass: SegmentService },
    imports: { token: PARTY_IMPORT_SERVICE, useClass: PartyImportService },
    duplicates: { token: DUPLICATE_SERVICE, useClass: DuplicateService },
    merges: { token: MERGE_SERVICE, useClass: MergeService },
    channels: { token: CHANNEL_REGISTRY, useClass: ChannelRegistry },
    templates: { token: TEMPLATE_SERVICE, useClass: TemplateService },
    messaging: { token: MESSAGING_SERVICE, useClass: MessagingService },
  },
});
