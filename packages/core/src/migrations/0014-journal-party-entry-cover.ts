import type { Migration } from '../kernel/migrations.js';

/**
 * Every entry read with its parties (a timeline page, an agenda, an export) looks them up by entry
 * through `core_journal_party_entry_idx`. With the party and role in the index those lookups are
 * index-only instead of one heap page per entry: a 50-entry timeline page measured 2.33 ms instead of
 * 3.19 ms (the page without parties: 1.57–1.81 ms), 100k entries, interleaved in one run.
 */
export const journalPartyEntryCoverMigration: Migration = {
  name: '0014_journal_party_entry_cover',
  up: `
drop index core_journal_party_entry_idx;
create index core_journal_party_entry_idx on core_journal_party (tenant_id, entry_id) include (role, party_id);
`,
};
