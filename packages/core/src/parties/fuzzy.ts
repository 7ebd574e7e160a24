import type { TxContext } from '../kernel/context.js';
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
 * Parties of the same kind with a similar name (pg_trgm) in the same city, or contact persons of the
 * same organisation. Uses the trigram index on `display_name`.
 */
export async function fuzzyCandidates(
  tx: TxContext,
  party: Party,
  threshold: number,
): Promise<DuplicateCandidate[]> {
  const organizations = party.roles.map((r) => r.organizationId).filter((id): id is string => id !== null);
  if (!party.city && organizations.length === 0) return [];
  const rows = await tx.sql<{
    id: string;
    display_name: string;
    owner_id: string | null;
    score: number;
    reason: DuplicateCandidate['reason'];
  }>(
    `select distinct on (p.id) p.id, p.display_name, p.owner_id, similarity(p.display_name, $3) as score, c.reason
     from core_party p
     cross join lateral (
       select 'same_city' as reason where $5::text is not null and p.city = $5
       union all
       select 'same_organization' from core_party_role r
       where r.tenant_id = p.tenant_id and r.party_id = p.id and r.valid_to is null and r.organization_id = any($6::uuid[])
     ) c
     where p.tenant_id = $1 and p.id <> $2 and p.kind = $4 and p.display_name % $3 and similarity(p.display_name, $3) >= $7
     order by p.id, c.reason`,
    [tx.tenantId, party.id, party.displayName, party.kind, party.city, organizations, threshold],
  );
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
