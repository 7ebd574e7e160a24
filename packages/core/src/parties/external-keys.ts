import { z } from 'zod';
import type { TxContext } from '../kernel/context.js';
import { parse } from '../kernel/validation.js';
import { paramBinder, visibilityOf, visibilitySql } from '../organisation/access.js';
import type { Party } from './party.js';
import { PARTY_VIEW_COLUMNS, type PartyViewRow, toParty } from './party-reader.js';

/** Most keys one bulk lookup takes. */
export const MAX_EXTERNAL_KEY_LOOKUP = 10_000;

const LookupSchema = z.object({
  source: z.string().trim().min(1).max(100),
  keys: z.array(z.string().min(1).max(200)).max(MAX_EXTERNAL_KEY_LOOKUP),
});

/**
 * The parties that `keys` of `source` name (an import's external keys), by key, in one query that
 * uses the key table's primary key `(tenant_id, source, key)`. A party the actor may not see is
 * left out, as if the key named nothing, so a lookup cannot reveal who is behind a key.
 */
export async function partiesByExternalKeys(
  tx: TxContext,
  source: string,
  keys: readonly string[],
): Promise<Map<string, Party>> {
  const input = parse(LookupSchema, { source, keys: [...new Set(keys)] }, 'external key lookup');
  if (input.keys.length === 0) return new Map();
  const visibility = await visibilityOf(tx);
  const params: unknown[] = [tx.tenantId, input.source, input.keys];
  const visible = visibilitySql(visibility, 'p', paramBinder(params));
  const rows = await tx.sql<PartyViewRow & { external_key: string }>(
    `select k.key as external_key, ${PARTY_VIEW_COLUMNS}
     from core_party_external_key k join core_party p on p.tenant_id = k.tenant_id and p.id = k.party_id
     where k.tenant_id = $1 and k.source = $2 and k.key = any($3::text[]) and (${visible}) is true`,
    params,
  );
  return new Map(rows.map((row) => [row.external_key, toParty(row)]));
}
