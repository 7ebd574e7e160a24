import type { Visibility } from '@rapport/core/plugin';
import { isContractPartiesClause } from '../contracts/visibility.js';

/** The page an {@link agentExpiringIdsSql} query selects: live contracts ending in `from`..`to`. */
export interface ExpiringWindow {
  tenantId: string;
  from: string;
  to: string;
  ownerId?: string | undefined;
  /** Keyset: only contracts after `(end_on, id)`. */
  after: [string, string] | null;
  /** Rows wanted (the page size plus one). */
  limit: number;
}

const LIVE = `c.status in ('signed', 'active', 'suspended')`;

/**
 * The ids (and end dates) of the first `limit` live contracts ending in the window that an agent may
 * see, by `(end_on, id)` — or null for any other actor (the general predicate then applies). The same
 * rows as `contractVisibilitySql`, found from what the agent sees instead of by checking every
 * contract of the window: each rule of the declared visibility is a branch read through an index —
 * contracts owned by the agent or their reports (`(tenant_id, owner_id, end_on)`); contracts of the
 * parties they see by owner, share, the lead pool, or by owning one of the party's contracts (the
 * contracts plugin's own clause), through `(tenant_id, party_id, end_on)`; the rest (the agent's team,
 * other plugins' clauses) through a join on the contract's party, planned by the statistics. Only
 * the team rule may read every party: core has no index on `core_party.team_id`.
 */
export function agentExpiringIdsSql(
  visibility: Visibility,
  window: ExpiringWindow,
  param: (value: unknown) => string,
): string | null {
  if (visibility.all || visibility.role !== 'agent' || visibility.employeeId === null) return null;
  const tenant = `${param(window.tenantId)}::uuid`;
  const owners = `${param([visibility.employeeId, ...visibility.reportIds])}::uuid[]`;
  const inWindow = [
    `c.tenant_id = ${tenant}`,
    LIVE,
    `c.end_on between ${param(window.from)}::date and ${param(window.to)}::date`,
  ];
  if (window.ownerId !== undefined) inWindow.push(`c.owner_id = ${param(window.ownerId)}::uuid`);
  if (window.after)
    inWindow.push(`(c.end_on, c.id) > (${param(window.after[0])}::date, ${param(window.after[1])}::uuid)`);
  const limit = `${param(window.limit)}::int`;
  const where = inWindow.join(' and ');
  const branch = (from: string, condition: string) =>
    `(select c.id, c.end_on from ${from} where ${where} and ${condition} order by c.end_on, c.id limit ${limit})`;

  // Parties seen through core's rules that an index can list (see core's `visibilitySql`).
  const seen = [
    `select p.id from core_party p where p.tenant_id = ${tenant} and p.owner_id = any(${owners})`,
    `select s.party_id from core_party_share s where s.tenant_id = ${tenant} and s.employee_id = any(${owners})`,
    `select s.party_id from core_party_share s where s.tenant_id = ${tenant}
       and s.department_id = any(${param(visibility.departmentPath)}::uuid[])`,
  ];
  if (visibility.unowned)
    seen.push(`select p.id from core_party p where p.tenant_id = ${tenant} and p.owner_id is null`);
  const foreign = visibility.clauses.filter((clause) => !isContractPartiesClause(clause));
  if (foreign.length < visibility.clauses.length)
    seen.push(
      `select vk.party_id from contracts_contract vk where vk.tenant_id = ${tenant} and vk.owner_id = any(${owners})`,
    );
  // The rules no index lists (the agent's team, other plugins' clauses), on the contract's party.
  const rest = foreign.map((clause) => `(${clause('p', param)})`);
  if (visibility.departmentId) rest.unshift(`p.team_id = ${param(visibility.departmentId)}::uuid`);

  const branches = [
    branch('contracts_contract c', `c.owner_id = any(${owners})`),
    branch('contracts_contract c', `c.party_id in (${seen.join(' union ')})`),
  ];
  if (rest.length > 0)
    // A join, so the planner picks by its statistics: the window's contracts checked party by party,
    // or the matching parties first (core has no index on `team_id`: a scan of the parties).
    branches.push(
      branch(
        'contracts_contract c join core_party p on p.tenant_id = c.tenant_id and p.id = c.party_id',
        `(${rest.join(' or ')})`,
      ),
    );
  return `select v.id from (${branches.join(' union ')}) v order by v.end_on, v.id limit ${limit}`;
}
