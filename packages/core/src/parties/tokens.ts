import type { InjectionToken } from 'tsyringe';
import type { ContactPointService } from './contact-point-service.js';
import type { CustomFieldService } from './custom-fields.js';
import type { PartyDateService } from './date-service.js';
import type { DuplicateService } from './duplicates-report.js';
import type { PartyImportService } from './import-service.js';
import type { PartyLifecycleService } from './lifecycle-service.js';
import type { MergeService } from './merge-service.js';
import type { PartyService } from './party-service.js';
import type { RelationshipService } from './relationship-service.js';
import type { SegmentService } from './segment-service.js';

/** Token of the {@link PartyService}. */
export const PARTY_SERVICE: InjectionToken<PartyService> = Symbol('rapport.core.parties');
/** Token of the {@link ContactPointService}. */
export const CONTACT_POINT_SERVICE: InjectionToken<ContactPointService> = Symbol(
  'rapport.core.contactPoints',
);
/** Token of the {@link CustomFieldService}. */
export const CUSTOM_FIELD_SERVICE: InjectionToken<CustomFieldService> = Symbol('rapport.core.customFields');
/** Token of the {@link PartyLifecycleService}. */
export const PARTY_LIFECYCLE_SERVICE: InjectionToken<PartyLifecycleService> =
  Symbol('rapport.core.lifecycle');
/** Token of the {@link PartyDateService}. */
export const PARTY_DATE_SERVICE: InjectionToken<PartyDateService> = Symbol('rapport.core.partyDates');
/** Token of the {@link RelationshipService}. */
export const RELATIONSHIP_SERVICE: InjectionToken<RelationshipService> = Symbol('rapport.core.relationships');
/** Token of the {@link PartyImportService}. */
export const PARTY_IMPORT_SERVICE: InjectionToken<PartyImportService> = Symbol('rapport.core.imports');
/** Token of the {@link SegmentService}. */
export const SEGMENT_SERVICE: InjectionToken<SegmentService> = Symbol('rapport.core.segments');
/** Token of the {@link DuplicateService}. */
export const DUPLICATE_SERVICE: InjectionToken<DuplicateService> = Symbol('rapport.core.duplicates');
/** Token of the {@link MergeService}. */
export const MERGE_SERVICE: InjectionToken<MergeService> = Symbol('rapport.core.merges');
