import type { TableParticipation } from '@rapport/core/plugin';

/**
 * Members of saved classifications (ABC, RFM): a merge keeps one row per classification (the
 * survivor's, else the merged party's moved over), an erasure deletes the party's rows, an export
 * lists them; visible to whoever may see the party.
 */
export const CLASS_MEMBER_PARTICIPATION: TableParticipation = {
  table: 'analytics_class_member',
  label: 'customerClasses',
  id: 'classification_id',
  parties: [{ column: 'party_id', merge: { combine: ['classification_id'] }, erase: 'delete' }],
};
