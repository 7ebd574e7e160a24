import { ownedBySql, type Visibility, visibilitySql } from '@rapport/core/plugin';

/** Binds a value as the next `$n` parameter and returns its placeholder. */
export type Bind = (value: unknown) => string;

/**
 * What an analysis covers for the actor, as SQL predicates (each `'true'` for administrators and
 * system processes). Every analysis of this package, and the agents' pay, ANDs these into its one
 * statement: an agent's analysis covers the parties they may see (core's party visibility: owned,
 * shared, their team's, their reports', and plugins' clauses) and the entries they or their reports
 * recorded; a manager's, their department subtree's as well; an administrator's, everything.
 */
export interface AnalyticsScope {
  visibility: Visibility;
  /** Over a `core_party` alias: the party is visible to the actor. */
  party(alias: string): string;
  /** Over an employee id column (qualified; `alias` is its row's alias for the tenant): the actor's own figures, their reports' or their subtree's. */
  employee(column: string, alias: string): string;
  /** Over a journal entry alias and its party alias: the party is visible, or the entry's employee is in scope. */
  entry(entryAlias: string, partyAlias: string): string;
}

/**
 * Builds the {@link AnalyticsScope} of a visibility, binding values through `bind`.
 *
 * @example
 * const params: unknown[] = [tx.tenantId];
 * const scope = analyticsScope(await visibilityOf(tx), paramBinder(params));
 * await tx.sql(`select sum(e.amount) from core_journal_entry e join core_journal_party l on … join core_party p on …
 *   where e.tenant_id = $1 and ${scope.entry('e', 'p')}`, params);
 */
export function analyticsScope(visibility: Visibility, bind: Bind): AnalyticsScope {
  const all = visibility.all;
  const employee = (column: string, alias: string) =>
    all ? 'true' : `(${ownedBySql(visibility, column, alias, bind).join(' or ')})`;
  const party = (alias: string) => (all ? 'true' : visibilitySql(visibility, alias, bind));
  return {
    visibility,
    party,
    employee,
    entry: (entryAlias, partyAlias) =>
      all ? 'true' : `(${party(partyAlias)} or ${employee(`${entryAlias}.employee_id`, entryAlias)})`,
  };
}
