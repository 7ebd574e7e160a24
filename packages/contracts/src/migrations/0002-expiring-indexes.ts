import type { Migration } from '@rapport/core/plugin';

/**
 * Indexes for an agent's "expiring" page, which is read from what the agent sees rather than by
 * checking every contract of the period: live contracts by owner and end date (the agent's and their
 * reports'), and by party and end date (the parties the agent sees).
 */
export const expiringIndexesMigration: Migration = {
  name: '0002_contracts_expiring_indexes',
  up: `
create index contracts_contract_owner_end_idx on contracts_contract (tenant_id, owner_id, end_on, id)
  where status in ('signed', 'active', 'suspended');
create index contracts_contract_party_end_idx on contracts_contract (tenant_id, party_id, end_on, id)
  where status in ('signed', 'active', 'suspended');
`,
};
