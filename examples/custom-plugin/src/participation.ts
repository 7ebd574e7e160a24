import type { TableParticipation } from '@rapport/core/plugin';

/**
 * How visit notes take part in core's party operations, declared once and executed by core: a
 * merge moves the notes to the surviving customer; a privacy export lists them; an erasure blanks
 * their text (the rows stay, so visit counts stay right); an open follow-up goes to the heir when
 * its author is deactivated or the customer is reassigned; an employee sees the notes they wrote
 * and the notes of every customer they may see.
 */
export const VISIT_NOTE_PARTICIPATION: TableParticipation = {
  table: 'visit_notes_note',
  label: 'visitNotes',
  parties: [{ column: 'customer_id', erase: { set: { body: '' } } }],
  employees: [{ column: 'author_id', openWork: 'r.follow_up and r.followed_up_at is null' }],
  visibility: { owner: 'author_id' },
};
