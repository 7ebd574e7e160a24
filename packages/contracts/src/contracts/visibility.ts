import { rowVisibilitySql, type Visibility } from '@rapport/core/plugin';
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
