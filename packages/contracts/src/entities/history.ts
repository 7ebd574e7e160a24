import type { Actor } from '@rapport/core/plugin';
import { defineEntity, p, tenantRelation } from '@rapport/core/plugin';
import { ContractEntity } from './contract.js';

/** The `contracts_history` table: what merges, reassignments and erasures changed on a contract. */
export const ContractHistoryEntity = defineEntity({
  name: 'ContractHistory',
  tableName: 'contracts_history',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    contractId: p.uuid().fieldName('contract_id').persist(false),
    at: p.datetime().defaultRaw('now()'),
    actor: p.json<Actor>(),
    operation: p.text(),
    changes: p.json<Record<string, unknown>>(),
    contract: () => tenantRelation(ContractEntity, 'contract_id'),
  },
  indexes: [
    {
      name: 'contracts_history_contract_idx',
      expression:
        'CREATE INDEX contracts_history_contract_idx ON contracts_history USING btree (tenant_id, contract_id, at, id)',
    },
  ],
});
