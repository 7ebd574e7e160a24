import type { PartyPredicate } from '@rapport/core/plugin';
import type { DimensionJoin } from '../query/dimensions.js';
import type { ParsedFilters } from '../query/query-input.js';
import type { AnalyticsScope, Bind } from './scope.js';

/** What {@link journalFactsSql} needs besides the filters. */
export interface FactOptions {
  /** `[from, to)` of the scan, already bound (placeholders). */
  from: string;
  to: string;
  scope: AnalyticsScope;
  bind: Bind;
  /** The segment filter compiled by core (`segments.predicate`), if the filters have one. */
  segment?: PartyPredicate | undefined;
  /** How many parameters are bound so far (the compiled segment numbers its own after them). */
  params: unknown[];
  joins: ReadonlySet<DimensionJoin>;
}

/** The primary (else oldest) address of party `p`, as a lateral join `addr`. */
export const ADDRESS_JOIN = `left join lateral (
    select a.details->>'country' as country, a.details->>'region' as region, a.details->>'city' as city,
      a.details->>'postalCode' as postal_code
    from core_contact_point a
    where a.tenant_id = p.tenant_id and a.party_id = p.id and a.kind = 'address' and a.removed_at is null
    order by a.is_primary desc, a.created_at, a.id limit 1) addr on true`;

/**
 * The `from … where …` of the journal's fact rows: one row per **live** entry (not superseded by a
 * correction, not a void, not cancelled) and party linked to it with the customer role, within the
 * period, filtered, cut to the actor's scope. Aliases: `e` entry, `l` link, `p` party (joined when
 * needed), `em` the entry's employee, `addr` the party's address, `t` one of its tags.
 */
export function journalFactsSql(filters: ParsedFilters, options: FactOptions): string {
  const { bind, scope, joins } = options;
  const needParty =
    joins.has('party') || options.segment !== undefined || !scope.visibility.all || joins.has('address');
  const where = [
    'e.tenant_id = $1',
    `e.occurred_at >= ${options.from}`,
    `e.occurred_at < ${options.to}`,
    'e.superseded_by is null',
    `e.correction is distinct from 'void'`,
    `e.status is distinct from 'cancelled'`,
    // `$2` (the tenant's time zone) is bound for every statement; typed here for those that use it not.
    '$2::text is not null',
  ];
  if (filters.types) where.push(`e.type = any(${bind(filters.types)}::text[])`);
  if (filters.employeeIds) where.push(`e.employee_id = any(${bind(filters.employeeIds)}::uuid[])`);
  if (filters.departmentId)
    where.push(`e.employee_id in (select fe.id from core_employee fe
      join core_department fd on fd.tenant_id = fe.tenant_id and fd.id = fe.department_id
      where fe.tenant_id = $1 and fd.path @> array[${bind(filters.departmentId)}::uuid])`);
  if (filters.partyIds) where.push(`l.party_id = any(${bind(filters.partyIds)}::uuid[])`);
  if (filters.currency) where.push(`e.currency = ${bind(filters.currency)}`);
  if (filters.outcomes) where.push(`e.outcome = any(${bind(filters.outcomes)}::text[])`);
  if (filters.direction) where.push(`e.direction = ${bind(filters.direction)}`);
  if (!scope.visibility.all) where.push(scope.entry('e', 'p'));
  if (options.segment) {
    const compiled = options.segment(options.params.length);
    options.params.push(...compiled.params);
    where.push(compiled.sql);
  }
  const role = bind(filters.partyRole);
  return `from core_journal_entry e
  join core_journal_party l on l.tenant_id = e.tenant_id and l.entry_id = e.id and l.role = ${role}
  ${needParty ? 'join core_party p on p.tenant_id = l.tenant_id and p.id = l.party_id' : ''}
  ${joins.has('employee') ? 'left join core_employee em on em.tenant_id = e.tenant_id and em.id = e.employee_id' : ''}
  ${joins.has('address') ? ADDRESS_JOIN : ''}
  ${joins.has('tag') ? `left join lateral unnest(case when cardinality(p.tags) = 0 then array[null]::text[] else p.tags end) t(tag) on true` : ''}
  where ${where.join('\n    and ')}`;
}
