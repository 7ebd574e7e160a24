import type { TableParticipation } from '@rapport/core/plugin';

/**
 * Quotes take part in party operations, declared: a merge moves them to the survivor; an export
 * lists them; an erasure keeps numbers, amounts and dates (the sums) and drops nothing else, since
 * the personal text lives in the versions' terms (see {@link QUOTE_VERSION_TERMS}); a reassignment of
 * customers takes their open quotes (a draft or a sent current version) to the new owner, and a
 * deactivation hands the leaver's remaining open quotes to the heir; visibility follows the owner
 * and the party.
 */
export const QUOTE_PARTICIPATION: TableParticipation = {
  table: 'pricing_quote',
  label: 'quotes',
  version: 'version',
  updatedAt: 'updated_at',
  parties: [{ column: 'party_id' }],
  employees: [
    {
      column: 'owner_id',
      openWork: `exists (select 1 from pricing_quote_version ov where ov.tenant_id = r.tenant_id
        and ov.quote_id = r.id and ov.version = r.current_version and ov.status in ('draft', 'sent'))`,
    },
  ],
  visibility: { owner: 'owner_id' },
};

/** The SQL that blanks the terms of a party's quotes on erasure (free text may name people). */
export const QUOTE_VERSION_TERMS = `update pricing_quote_version v set terms = null, response_reason = null
  from pricing_quote q where q.tenant_id = v.tenant_id and q.id = v.quote_id and q.tenant_id = $1 and q.party_id = $2`;
