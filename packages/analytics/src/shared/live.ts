/** The predicate of a live journal entry (alias `alias`): not superseded, not a void, not cancelled. */
export function liveSql(alias: string): string {
  return `${alias}.superseded_by is null and ${alias}.correction is distinct from 'void' and ${alias}.status is distinct from 'cancelled'`;
}
