import type { TableParticipation } from '@rapport/core/plugin';

/**
 * Deals take part in party operations, declared: a merge moves them to the survivor (audited in
 * the deal history); an erasure keeps amounts, stages and dates for the sums but drops the free
 * text; a reassignment of customers takes their open deals to the new owner, and a deactivation
 * hands the leaver's remaining open deals to the heir (closed deals keep their owner: history);
 * visibility follows the owner, the team and the customer.
 */
export const DEAL_PARTICIPATION: TableParticipation = {
  table: 'pipeline_deal',
  label: 'deals',
  version: 'version',
  updatedAt: 'updated_at',
  parties: [
    {
      column: 'customer_id',
      erase: { set: { title: 'Erased', close_reason: null, source: null, custom: {} } },
    },
  ],
  employees: [{ column: 'owner_id', openWork: `r.status = 'open'` }],
  visibility: { owner: 'owner_id', team: 'team_id' },
  audit: { table: 'pipeline_deal_history', key: 'deal_id', at: 'changed_at' },
};

/**
 * Contact persons of deals: a merge moves the links (dropping one the survivor already has on the
 * same deal), an export lists them, an erasure removes them.
 */
export const DEAL_CONTACT_PARTICIPATION: TableParticipation = {
  table: 'pipeline_deal_contact',
  label: 'dealContacts',
  id: 'deal_id',
  parties: [{ column: 'party_id', merge: { combine: ['deal_id'] }, erase: 'delete' }],
};
