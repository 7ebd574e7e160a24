import type { TableParticipation } from '@rapport/core/plugin';

/**
 * Contracts take part in party operations, declared:
 * - a merge moves them to the survivor (audited in `contracts_history`);
 * - a privacy export lists them;
 * - an erasure KEEPS them — a contract is a legal and accounting record (number, dates, value) — but
 *   clears the free text that may describe the person (`notes`, `custom`; the subject becomes
 *   "Erased");
 * - a reassignment of customers takes their live contracts (draft → suspended) to the new owner, and a
 *   deactivation hands the leaver's remaining live contracts to the heir; ended contracts keep their
 *   owner (history);
 * - visibility follows the owner and the party.
 */
export const CONTRACT_PARTICIPATION: TableParticipation = {
  table: 'contracts_contract',
  label: 'contracts',
  version: 'version',
  updatedAt: 'updated_at',
  parties: [
    {
      column: 'party_id',
      erase: { set: { subject: 'Erased', notes: null, custom: {} } },
    },
  ],
  employees: [
    {
      column: 'owner_id',
      openWork: `r.status in ('draft', 'in_approval', 'signed', 'active', 'suspended')`,
    },
  ],
  visibility: { owner: 'owner_id' },
  audit: { table: 'contracts_history', key: 'contract_id' },
};
