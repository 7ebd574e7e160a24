import type { Party } from './party.js';

/** A party whose name is similar to another's in the same city or organisation. */
export interface DuplicateCandidate {
  partyId: string;
  displayName: string;
  ownerId: string | null;
  /** Trigram similarity of the names, 0–1. */
  similarity: number;
  reason: 'same_city' | 'same_organization';
}

/**
 * The query (values bound through `param`) of parties of the same kind with a similar name (pg_trgm similarity) in the same city, or contact
 * persons of the same organisation. The candidates come from btree indexes, and only their names are
 * compared: in the same city, the parties sharing a phonetic key (double metaphone of the first or the
 * last word, either way round) with the new name; in an organisation, its people.
 *
 * The phonetic keys are a blocking step: a similar name whose first and last words both sound
 * different (a rare case at a similarity of 0.55) is left to the duplicates report, which compares
 * every pair in a city. Null when the party has neither a city nor an organisation.
 */
export function fuzzyCandidatesSql(
  tenantId: string,
  party: Pick<Party, 'id' | 'kind' | 'displayName' | 'city'> & {
    roles: ReadonlyArray<{ organizationId: string | null }>;
  },
  threshold: number,
  param: (value: unknown) => string,
): string | null {
  const organizations = party.roles.map((r) => r.organizationId).filter((id): id is string => id !== null);
  if (!party.city && organizations.length === 0) return null;
  const [tenant, id, name, kind] = [
    param(tenantId),
    param(party.id),
    param(party.displayName),
    param(party.kind),
  ];
  // Driven by btree indexes (city + phonetic key; organisation), not the trigram index: under
  // row-level security PostgreSQL only uses leakproof operators in index scans, and pg_trgm's are not.
  return `select distinct on (c.id) c.id, c.display_name, c.owner_id, c.score, c.reason from (
       select p.id, p.display_name, p.owner_id, similarity(p.display_name, ${name}) as score, 'same_city' as reason
       from core_party p
       where p.tenant_id = ${tenant} and p.city = ${param(party.city)} and p.kind = ${kind} and p.id <> ${id}
         and (p.name_key_first = any(core_name_keys(${name})) or p.name_key_last = any(core_name_keys(${name})))
       union all
       select p.id, p.display_name, p.owner_id, similarity(p.display_name, ${name}), 'same_organization'
       from core_party_role r join core_party p on p.tenant_id = r.tenant_id and p.id = r.party_id
       where r.tenant_id = ${tenant} and r.organization_id = any(${param(organizations)}::uuid[]) and r.valid_to is null
         and p.kind = ${kind} and p.id <> ${id}
     ) c
     where c.score >= ${param(threshold)}
     order by c.id, c.reason`;
}

/** A row of {@link fuzzyCandidatesSql}. */
export interface FuzzyRow {
  id: string;
  display_name: string;
  owner_id: string | null;
  score: number;
  reason: DuplicateCandidate['reason'];
}

/** The ten most similar candidates of {@link fuzzyCandidatesSql}'s rows, most similar first. */
export function toCandidates(rows: readonly FuzzyRow[]): DuplicateCandidate[] {
  return rows
    .map((r) => ({
      partyId: r.id,
      displayName: r.display_name,
      ownerId: r.owner_id,
      similarity: Number(r.score),
      reason: r.reason,
    }))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, 10);
}
