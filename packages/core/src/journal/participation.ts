import type { TableParticipation } from '../participation/declaration.js';

/**
 * How the journal takes part in party operations, declared: a merge moves the entries' party links
 * to the survivor (dropping a link the survivor already has to the same entry). The export (whole
 * entries), the erasure (the one sanctioned rewrite of entries) and the hand-over of planned work
 * (as corrections, since entries are append-only) stay taps: see `core-taps.ts`.
 */
export const JOURNAL_PARTICIPATION: readonly TableParticipation[] = [
  {
    table: 'core_journal_party',
    label: 'journalLinks',
    id: 'entry_id',
    parties: [{ column: 'party_id', merge: { combine: ['entry_id'] }, export: false }],
  },
];
