import { type PartyPredicate, teamSql } from '@rapport/core/plugin';
import type { DimensionJoin } from '../query/dimensions.js';
import type { ParsedFilters } from '../query/query-input.js';
import { entryMarginSql } from './margin.js';
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
  /** Lateral joins of dimensions after the party (multi-valued custom fields). */
  laterals?: readonly string[];
  /** Only entries with at least one sale line (the un-multiplied base of the line facts). */
  withLines?: boolean;
  /** Join each entry's margin `mg` (`margin`, `without_cost`, `lines`; needs `@rapport/pricing`). */
  entryMargin?: boolean;
}

/**
 * The primary (else oldest) address of party `p`, as a join `addr`: one pass over the tenant's
 * current addresses (`distinct on` the party), hash-joined, rather than a lookup per fact row.
 */
export const ADDRESS_JOIN = `left join (
    select distinct on (a.party_id) a.party_id, a.details->>'country' as country, a.details->>'region' as region,
      a.details->>'city' as city, a.details->>'postalCode' as postal_code
    from core_contact_point a
    where a.tenant_id = $1 and a.kind = 'address' and a.removed_at is null
    order by a.party_id, a.is_primary desc, a.created_at, a.id) addr on addr.party_id = p.id`;

/**
 * The `from … where …` of the journal's fact rows: one row per **live** entry (not superseded by a
 * correction, not a void, not cancelled) and party linked to it with the customer role, within the
 * period, filtered, cut to the actor's scope. Aliases: `e` entry, `l` link, `p` party (joined when
 * needed), `em` the entry's employee, `addr` the party's address, `t` one of its tags, `sl` a sale
 * line and `pp` its product (with `@rapport/pricing`, for the product and category dimensions).
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
  if (filters.teamOf) where.push(`e.employee_id in (${teamSql(bind(filters.teamOf))})`);
  if (filters.partyIds) where.push(`l.party_id = any(${bind(filters.partyIds)}::uuid[])`);
  if (filters.currency) where.push(`e.currency = ${bind(filters.currency)}`);
  if (filters.outcomes) where.push(`e.outcome = any(${bind(filters.outcomes)}::text[])`);
  if (filters.direction) where.push(`e.direction = ${bind(filters.direction)}`);
  if (!scope.visibility.all) where.push(scope.entry('e', 'p'));
  if (options.withLines)
    where.push(
      'exists (select 1 from pricing_sale_line wl where wl.tenant_id = e.tenant_id and wl.entry_id = e.id)',
    );
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
  ${joins.has('lines') ? 'join pricing_sale_line sl on sl.tenant_id = e.tenant_id and sl.entry_id = e.id' : ''}
  ${joins.has('product') ? 'left join pricing_product pp on pp.tenant_id = sl.tenant_id and pp.id = sl.product_id' : ''}
  ${options.entryMargin ? `cross join lateral ${entryMarginSql('e.id')} mg` : ''}
  ${(options.laterals ?? []).join('\n  ')}
  ${joins.has('tag') ? `left join lateral unnest(case when cardinality(p.tags) = 0 then array[null]::text[] else p.tags end) t(tag) on true` : ''}
  where ${where.join('\n    and ')}`;
}
