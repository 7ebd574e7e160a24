import type { Migration } from '../kernel/migrations.js';

/**
 * An index on the journal's entries by type and time, for segment conditions on activity ("had a
 * `sale` in the last 90 days") over many parties: PostgreSQL reads the tenant's entries of the type
 * in the window, then their parties through `core_journal_party_entry_idx`. A check on one party
 * uses the party's timeline index instead.
 */
export const journalTypeIndexMigration: Migration = {
  name: '0012_journal_type_index',
  up: `
create index core_journal_entry_type_idx on core_journal_entry (tenant_id, type, occurred_at);
`,
};
