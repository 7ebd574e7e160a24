import { defineEntity, p } from '@mikro-orm/core';
import { tenantRelation } from '../../kernel/relations.js';
import { JournalEntryEntity } from './journal-entry.js';

/** The `core_journal_reminder` table. */
export const JournalReminderEntity = defineEntity({
  name: 'JournalReminder',
  tableName: 'core_journal_reminder',
  properties: {
    tenantId: p.uuid().primary(),
    entryId: p.uuid().fieldName('entry_id').persist(false).primary(),
    dueAt: p.datetime().primary(),
    firedAt: p.datetime().defaultRaw('now()'),
    entry: () => tenantRelation(JournalEntryEntity, 'entry_id'),
  },
});
