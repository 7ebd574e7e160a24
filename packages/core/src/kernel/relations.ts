import { p } from '@mikro-orm/core';

type Target = Parameters<typeof p.manyToOne>[0];

/**
 * A many-to-one relation over a tenant-leading composite key — `(tenant_id, column)` to the target's
 * `(tenant_id, id)` — with PostgreSQL's default `no action` rules, as Rapport's migrations write
 * them. The scalar key column (`partyId`, `persist(false)`) stays beside it for queries.
 *
 * @example
 * party: () => tenantRelation(PartyEntity, 'party_id'),
 * contactPoint: () => tenantRelation(ContactPointEntity, 'contact_point_id').nullable(),
 */
export function tenantRelation<T extends Target>(target: T, column: string) {
  return p.manyToOne(target).joinColumns('tenant_id', column).updateRule('no action').deleteRule('no action');
}
