import type { ActivityValue } from './filter.js';

/** Binds a value as the next parameter and returns its placeholder (`$n`). */
type Bind = (value: unknown) => string;

/**
 * An `activity` condition over `core_party p`: the party's current journal entries (neither
 * superseded by an amendment or void, nor a void themselves) of the given types and refinements,
 * through the party's links (`core_journal_party`). Entries are visible through their parties, so
 * the party's visibility, which the caller applies, is the entries' too.
 *
 * Over many parties PostgreSQL starts from the tenant's entries of the type in the window
 * (`core_journal_entry_type_idx`: tenant, type, occurred_at) and reaches their parties through
 * `core_journal_party_entry_idx`; a check of one party reads its timeline index.
 */
export function activitySql(op: string, value: ActivityValue, bind: Bind, now: Date): string {
  const types = typeof value.type === 'string' ? [value.type] : value.type;
  const where = [
    'l.tenant_id = p.tenant_id',
    'l.party_id = p.id',
    "e.superseded_by is null and e.correction is distinct from 'void'",
    `e.type = any(${bind(types)}::text[])`,
  ];
  const window = (from: string, to: string) =>
    where.push(`e.occurred_at >= ${from} and e.occurred_at <= ${to}`);
  if (value.withinLastDays !== undefined) {
    const at = `${bind(now.toISOString())}::timestamptz`;
    window(`${at} - make_interval(days => ${bind(value.withinLastDays)}::int)`, at);
  }
  if (value.between)
    window(`${bind(value.between[0])}::timestamptz`, `${bind(value.between[1])}::timestamptz`);
  if (value.direction) where.push(`e.direction = ${bind(value.direction)}`);
  if (value.outcome !== undefined)
    where.push(
      `e.outcome = any(${bind(typeof value.outcome === 'string' ? [value.outcome] : value.outcome)}::text[])`,
    );
  if (value.data) where.push(`e.data @> ${bind(JSON.stringify(value.data))}::jsonb`);
  const from = `from core_journal_party l join core_journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
    where ${where.join(' and ')}`;
  const minCount = value.minCount ?? 1;
  if (minCount === 1) return `${op === 'notExists' ? 'not ' : ''}exists (select 1 ${from})`;
  // Counted once for the whole statement, not per party: the subquery is not correlated (the tenant
  // is matched as part of the key), so PostgreSQL hashes its result instead of counting per party.
  const counted = `(p.tenant_id, p.id) in (select l.tenant_id, l.party_id
    from core_journal_party l join core_journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
    where ${where.slice(2).join(' and ')} group by l.tenant_id, l.party_id having count(*) >= ${bind(minCount)})`;
  return op === 'notExists' ? `not coalesce(${counted}, false)` : counted;
}
