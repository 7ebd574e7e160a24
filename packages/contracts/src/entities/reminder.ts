import { defineEntity, JournalEntryEntity, p, tenantRelation } from '@rapport/core/plugin';
import { ContractEntity } from './contract.js';

/** The `contracts_reminder` table: one row per reminder the daily job wrote (its idempotence key). */
export const ContractReminderEntity = defineEntity({
  name: 'ContractReminder',
  tableName: 'contracts_reminder',
  properties: {
    tenantId: p.uuid().primary(),
    contractId: p.uuid().fieldName('contract_id').persist(false).primary(),
    kind: p.text().$type<'notice' | 'end'>().primary(),
    remindOn: p.date().primary(),
    deadlineOn: p.date(),
    journalEntryId: p.uuid().fieldName('journal_entry_id').persist(false).nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    contract: () => tenantRelation(ContractEntity, 'contract_id'),
    journalEntry: () => tenantRelation(JournalEntryEntity, 'journal_entry_id').nullable(),
  },
  checks: [
    {
      name: 'contracts_reminder_kind_check',
      expression: "(kind = ANY (ARRAY['notice'::text, 'end'::text]))",
    },
  ],
});
