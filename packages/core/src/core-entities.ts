import type { EntityClass, EntitySchema } from '@mikro-orm/core';
import { JournalEntryEntity } from './journal/entities/journal-entry.js';
import { JournalPartyEntity } from './journal/entities/journal-party.js';
import { JournalReminderEntity } from './journal/entities/journal-reminder.js';
import { DepartmentEntity } from './organisation/entities/department.js';
import { EmployeeEntity } from './organisation/entities/employee.js';
import { ErasureEntity } from './organisation/entities/erasure.js';
import { PartyShareEntity } from './organisation/entities/party-share.js';
import { ReassignmentEntity } from './organisation/entities/reassignment.js';
import { ReassignmentItemEntity } from './organisation/entities/reassignment-item.js';
import { ConsentEntity } from './parties/entities/consent.js';
import { ContactPointEntity } from './parties/entities/contact-point.js';
import { CustomFieldEntity } from './parties/entities/custom-field.js';
import { PartyEntity } from './parties/entities/party.js';
import { PartyDateEntity } from './parties/entities/party-date.js';
import { PartyExternalKeyEntity } from './parties/entities/party-external-key.js';
import { PartyHistoryEntity } from './parties/entities/party-history.js';
import { PartyIdentityEntity } from './parties/entities/party-identity.js';
import { PartyMergeEntity } from './parties/entities/party-merge.js';
import { PartyRoleEntity } from './parties/entities/party-role.js';
import { RelationshipEntity } from './parties/entities/relationship.js';
import { RelationshipTypeEntity } from './parties/entities/relationship-type.js';
import { SegmentEntity } from './parties/entities/segment.js';
import { SharedDomainEntity } from './parties/entities/shared-domain.js';
import { TemplateEntity } from './templates/entities/template.js';
import { TenantEntity } from './tenants/entities/tenant.js';

/** Every entity of core's modules, registered through the core plugin's `entities`. */
export const coreEntities: ReadonlyArray<EntityClass<any> | EntitySchema<any, any>> = [
  TenantEntity,
  PartyEntity,
  PartyRoleEntity,
  ContactPointEntity,
  PartyIdentityEntity,
  ConsentEntity,
  PartyDateEntity,
  RelationshipTypeEntity,
  RelationshipEntity,
  CustomFieldEntity,
  PartyHistoryEntity,
  PartyMergeEntity,
  PartyExternalKeyEntity,
  SegmentEntity,
  SharedDomainEntity,
  DepartmentEntity,
  EmployeeEntity,
  PartyShareEntity,
  ReassignmentEntity,
  ReassignmentItemEntity,
  ErasureEntity,
  JournalEntryEntity,
  JournalPartyEntity,
  JournalReminderEntity,
  TemplateEntity,
];
