import { ownedBySql, rowVisibilitySql, type Visibility, type VisibilityClause } from '@rapport/core/plugin';
import { DEAL_PARTICIPATION } from '../participation.js';

/**
 * The SQL predicate (over the deal alias `dealAlias`, a `pipeline_deal` row) of the deals the actor
 * may see, binding values through `param`: the visibility declared in the deals' participation —
 * administrators and system processes see every deal; an employee sees the deals they own, of their
 * team (agents), and of every customer they may see (core's party visibility); a manager also sees
 * the deals owned by, or assigned to a team in, their department subtree. Lists, the funnel and
 * forecasts AND it into their one query.
 *
 * @example
 * const params: unknown[] = [tx.tenantId];
 * const visible = dealVisibilitySql(await visibilityOf(tx), 'd', paramBinder(params));
 * await tx.sql(`select count(*) from pipeline_deal d where d.tenant_id = $1 and ${visible}`, params);
 */
export function dealVisibilitySql(
  visibility: Visibility,
  dealAlias: string,
  param: (value: unknown) => string,
): string {
  return rowVisibilitySql(visibility, DEAL_PARTICIPATION, dealAlias, param);
}

/**
 * The clause the pipeline adds to core's party visibility (through `transformVisibility`): whoever may
 * work a deal may see its customer and contact persons, so the deal's journal entries, timeline and
 * customer card are open to its owner (and to the owner's managers) even when the customer belongs
 * to someone else.
 */
export function dealPartiesClause(visibility: Visibility): VisibilityClause {
  return (alias, param) => {
    const owned = ownedBySql(visibility, 'vd.owner_id', 'vd', param).join(' or ');
    return `exists (select 1 from pipeline_deal vd where vd.tenant_id = ${alias}.tenant_id and vd.customer_id = ${alias}.id and (${owned}))
      or exists (select 1 from pipeline_deal_contact vc join pipeline_deal vd on vd.tenant_id = vc.tenant_id and vd.id = vc.deal_id
        where vc.tenant_id = ${alias}.tenant_id and vc.party_id = ${alias}.id and (${owned}))`;
  };
}
