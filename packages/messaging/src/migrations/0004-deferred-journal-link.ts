import type { Migration } from '@rapport/core/plugin';

/**
 * A message's link to its journal entry is checked at commit: finalisation sets the message's
 * outcome and the id of the entry it is about to record in one statement, then records the entry,
 * instead of updating every message a second time once the entries exist.
 */
export const deferredJournalLinkMigration: Migration = {
  name: '0004_deferred_journal_link',
  async up({ sql }) {
    // Found by what it links: a database that took the tables over from core keeps core's name for it.
    await sql(`
do $$
declare name text;
begin
  select c.conname into strict name from pg_constraint c
   where c.conrelid = 'messaging_message'::regclass and c.contype = 'f'
     and c.confrelid = 'core_journal_entry'::regclass;
  execute format('alter table messaging_message alter constraint %I deferrable initially deferred', name);
end $$;
`);
  },
};
