import type { Actor } from '@rapport/core/plugin';
import { defineEntity, EmployeeEntity, JournalEntryEntity, p, tenantRelation } from '@rapport/core/plugin';
import type { ContractStatus } from '../types.js';
import { ContractEntity } from './contract.js';

/** The `contracts_transition` table: one row per lifecycle move of a contract. */
export const ContractTransitionEntity = defineEntity({
  name: 'ContractTransition',
  tableName: 'contracts_transition',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    contractId: p.uuid().fieldName('contract_id').persist(false),
    fromStatus: p.text().$type<ContractStatus>().nullable(),
    toStatus: p.text().$type<ContractStatus>(),
    at: p.datetime(),
    employeeId: p.uuid().fieldName('employee_id').persist(false).nullable(),
    actor: p.json<Actor>(),
    reason: p.text().nullable(),
    journalEntryId: p.uuid().fieldName('journal_entry_id').persist(false).nullable(),
    contract: () => tenantRelation(ContractEntity, 'contract_id'),
    employee: () => tenantRelation(EmployeeEntity, 'employee_id').nullable(),
    journalEntry: () => tenantRelation(JournalEntryEntity, 'journal_entry_id').nullable(),
  },
  indexes: [
    {
      name: 'contracts_transition_contract_idx',
      expression:
        'CREATE INDEX contracts_transition_contract_idx ON contracts_transition USING btree (tenant_id, contract_id, at, id)',
    },
    {
      name: 'contracts_transition_to_idx',
      expression:
        'CREATE INDEX contracts_transition_to_idx ON contracts_transition USING btree (tenant_id, to_status, at)',
    },
  ],
});
