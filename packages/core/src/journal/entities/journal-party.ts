import { defineEntity, p } from '@mikro-orm/core';
import { tenantRelation } from '../../kernel/relations.js';
import { PartyEntity } from '../../parties/entities/party.js';
import { JournalEntryEntity } from './journal-entry.js';

/** The `core_journal_party` table. */
export const JournalPartyEntity = defineEntity({
  name: 'JournalParty',
  tableName: 'core_journal_party',
  properties: {
    tenantId: p.uuid().primary(),
    partyId: p.uuid().fieldName('party_id').persist(false).primary(),
    entryId: p.uuid().fieldName('entry_id').persist(false).primary(),
    role: p.text().defaultRaw("'customer'"),
    occurredAt: p.datetime(),
    entry: () => tenantRelation(JournalEntryEntity, 'entry_id'),
    party: () => tenantRelation(PartyEntity, 'party_id'),
  },
  indexes: [
    {
      name: 'core_journal_party_entry_idx',
      expression:
        'CREATE INDEX core_journal_party_entry_idx ON core_journal_party USING btree (tenant_id, entry_id) INCLUDE (role, party_id)',
    },
    {
      name: 'core_journal_party_timeline_idx',
      expression:
        'CREATE INDEX core_journal_party_timeline_idx ON core_journal_party USING btree (tenant_id, party_id, occurred_at DESC, entry_id DESC)',
    },
  ],
});
