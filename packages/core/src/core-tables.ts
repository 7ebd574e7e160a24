import type { JournalEntryEntity } from './journal/entities/journal-entry.js';
import type { JournalPartyEntity } from './journal/entities/journal-party.js';
import type { JournalReminderEntity } from './journal/entities/journal-reminder.js';
import type { TableOf } from './kernel/db.js';
import type { DepartmentEntity } from './organisation/entities/department.js';
import type { EmployeeEntity } from './organisation/entities/employee.js';
import type { ErasureEntity } from './organisation/entities/erasure.js';
import type { PartyShareEntity } from './organisation/entities/party-share.js';
import type { ReassignmentEntity } from './organisation/entities/reassignment.js';
import type { ReassignmentItemEntity } from './organisation/entities/reassignment-item.js';
import type { ConsentEntity } from './parties/entities/consent.js';
import type { ContactPointEntity } from './parties/entities/contact-point.js';
import type { CustomFieldEntity } from './parties/entities/custom-field.js';
import type { PartyEntity } from './parties/entities/party.js';
import type { PartyDateEntity } from './parties/entities/party-date.js';
import type { PartyExternalKeyEntity } from './parties/entities/party-external-key.js';
import type { PartyHistoryEntity } from './parties/entities/party-history.js';
import type { PartyIdentityEntity } from './parties/entities/party-identity.js';
import type { PartyMergeEntity } from './parties/entities/party-merge.js';
import type { PartyRoleEntity } from './parties/entities/party-role.js';
import type { RelationshipEntity } from './parties/entities/relationship.js';
import type { RelationshipTypeEntity } from './parties/entities/relationship-type.js';
import type { SegmentEntity } from './parties/entities/segment.js';
import type { TemplateEntity } from './templates/entities/template.js';
import type { TenantEntity } from './tenants/entities/tenant.js';

/** Core's tables as `tx.db` sees them, keyed by entity name. */
export interface CoreTables {
  Tenant: TableOf<typeof TenantEntity>;
  Party: TableOf<typeof PartyEntity>;
  PartyRole: TableOf<typeof PartyRoleEntity>;
  ContactPoint: TableOf<typeof ContactPointEntity>;
  PartyIdentity: TableOf<typeof PartyIdentityEntity>;
  Consent: TableOf<typeof ConsentEntity>;
  PartyDate: TableOf<typeof PartyDateEntity>;
  RelationshipType: TableOf<typeof RelationshipTypeEntity>;
  Relationship: TableOf<typeof RelationshipEntity>;
  CustomField: TableOf<typeof CustomFieldEntity>;
  PartyHistory: TableOf<typeof PartyHistoryEntity>;
  PartyMerge: TableOf<typeof PartyMergeEntity>;
  PartyExternalKey: TableOf<typeof PartyExternalKeyEntity>;
  Segment: TableOf<typeof SegmentEntity>;
  Department: TableOf<typeof DepartmentEntity>;
  Employee: TableOf<typeof EmployeeEntity>;
  PartyShare: TableOf<typeof PartyShareEntity>;
  Reassignment: TableOf<typeof ReassignmentEntity>;
  ReassignmentItem: TableOf<typeof ReassignmentItemEntity>;
  Erasure: TableOf<typeof ErasureEntity>;
  JournalEntry: TableOf<typeof JournalEntryEntity>;
  JournalParty: TableOf<typeof JournalPartyEntity>;
  JournalReminder: TableOf<typeof JournalReminderEntity>;
  Template: TableOf<typeof TemplateEntity>;
}

// Core's modules add their tables to the kernel's table map, as every plugin does.
declare module './kernel/db.js' {
  interface RapportTables extends CoreTables {}
}
