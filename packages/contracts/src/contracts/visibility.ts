import { ownedBySql, rowVisibilitySql, type Visibility, type VisibilityClause } from '@rapport/core/plugin';
import { CONTRACT_PARTICIPATION } from '../participation.js';

/**
 * The SQL predicate (over the alias `alias`, a `contracts_contract` row) of the contracts the actor
 * may see, binding values through `param`: administrators and system processes see all; an employee
 * sees the contracts they own, those of every party they may see, and (managers) those owned in their
 * department subtree — the visibility declared in the contracts' participation.
 *
 * @example
 * const params: unknown[] = [tx.tenantId];
 * const visible = contractVisibilitySql(await visibilityOf(tx), 'c', paramBinder(params));
 * await tx.sql(`select count(*) from contracts_contract c where c.tenant_id = $1 and ${visible}`, params);
 */
export function contractVisibilitySql(
  visibility: Visibility,
  alias: string,
  param: (value: unknown) => string,
): string {
  return rowVisibilitySql(visibility, CONTRACT_PARTICIPATION, alias, param);
}

const OWN_CLAUSES = new WeakSet<VisibilityClause>();

/**
 * The clause the contracts plugin adds to core's party visibility (through `transformVisibility`):
 * whoever owns a contract (or manages its owner) may see its party, so the owner can work the
 * contract — move it, see it on the party's timeline — even when the party belongs to someone else.
 */
export function contractPartiesClause(visibility: Visibility): VisibilityClause {
  const clause: VisibilityClause = (alias, param) => {
    const owned = ownedBySql(visibility, 'vk.owner_id', 'vk', param).join(' or ');
    return `exists (select 1 from contracts_contract vk where vk.tenant_id = ${alias}.tenant_id and vk.party_id = ${alias}.id and (${owned}))`;
  };
  OWN_CLAUSES.add(clause);
  return clause;
}

/**
 * Whether `clause` is one {@link contractPartiesClause} made: the agent's expiring page lists those
 * parties through the owner index instead of checking the clause per contract.
 */
export function isContractPartiesClause(clause: VisibilityClause): boolean {
  return OWN_CLAUSES.has(clause);
}
