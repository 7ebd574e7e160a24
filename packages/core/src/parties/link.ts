import type { TxContext } from '../kernel/context.js';
import { attachContactPoints } from './contact-point-writer.js';
import { DuplicatePartyError } from './duplicates-error.js';
import type { Party } from './party.js';
import { lockParty, requireParty, touchParty } from './party-access.js';
import { identityHolders, recordHistory } from './party-writer.js';
import type { PreparedParty } from './prepare.js';

/**
 * Links a prepared party to the existing party that holds its identity keys: adds the new roles,
 * tags, contact points, consents and dates to it. Returns undefined when no party holds any key; a
 * match on two different parties is a duplicate error (merge them first).
 */
export async function linkToExisting(tx: TxContext, prepared: PreparedParty): Promise<Party | undefined> {
  const holders = [...(await identityHolders(tx, prepared.identities)).values()];
  const ids = [...new Set(holders.map((h) => h.partyId))];
  if (ids.length === 0) return undefined;
  if (ids.length > 1) throw new DuplicatePartyError(holders);
  const existing = await lockParty(tx, ids[0]!);
  const have = new Set(existing.contactPoints.map((cp) => `${cp.kind}:${cp.value}`));
  const newPoints = prepared.contactPoints
    .filter((cp) => !have.has(`${cp.kind}:${cp.value}`))
    .map((cp) => ({ ...cp, primary: false }));
  await attachContactPoints(tx, existing, newPoints);
  const roles = prepared.roles.filter(
    (r) => !existing.roles.some((e) => e.role === r.role && e.organizationId === r.organizationId),
  );
  if (roles.length > 0) {
    await tx.sql(
      `insert into core_party_role (tenant_id, id, party_id, role, organization_id)
       select $1, r.id, $2, r.role, r.organization_id from jsonb_to_recordset($3::jsonb) as r(id uuid, role text, organization_id uuid)`,
      [
        tx.tenantId,
        existing.id,
        JSON.stringify(roles.map((r) => ({ id: r.id, role: r.role, organization_id: r.organizationId }))),
      ],
    );
  }
  const tags = prepared.tags.filter((t) => !existing.tags.includes(t));
  if (tags.length > 0) {
    await tx.sql('update core_party set tags = tags || $3::text[] where tenant_id = $1 and id = $2', [
      tx.tenantId,
      existing.id,
      tags,
    ]);
  }
  for (const c of prepared.consents) {
    await tx.sql(
      'insert into core_consent (tenant_id, id, party_id, channel, status, source, at, actor) values ($1, $2, $3, $4, $5, $6, $7, $8)',
      [tx.tenantId, c.id, existing.id, c.channel, c.status, c.source, c.at, JSON.stringify(tx.actor)],
    );
  }
  await touchParty(tx, existing.id);
  await recordHistory(tx, [
    {
      partyId: existing.id,
      operation: 'link',
      changes: {
        matchedOn: holders.map((h) => ({ kind: h.kind, value: h.value })),
        addedContactPoints: newPoints.map((cp) => cp.value),
        addedRoles: roles.map((r) => r.role),
        addedTags: tags,
      },
    },
  ]);
  return requireParty(tx, existing.id);
}
