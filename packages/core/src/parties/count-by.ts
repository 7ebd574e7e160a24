import { InvalidDataError } from '../kernel/errors.js';
import type { PartyFilterField } from './filter.js';
import { CUSTOM_KEY } from './filter-fields.js';
import type { FilterCatalog } from './filter-validator.js';

/** The built-in fields `segments.countBy` groups by: filter fields with values, and `department`. */
export type CountByBuiltInField =
  | Exclude<
      PartyFilterField,
      | 'id'
      | 'createdAt'
      | 'updatedAt'
      | 'relationship'
      | 'contactPoint'
      | 'birthday'
      | 'anniversary'
      | 'importantDate'
      | 'activity'
    >
  | 'department';

/** A field `segments.countBy` groups by: a built-in one (`department`: the owner's) or `custom.<key>`. */
export type CountByField = CountByBuiltInField | `custom.${string}`;

/** One group of `segments.countBy`: a value of the field (`null`: parties without one) and how many have it. */
export interface CountByGroup {
  value: string | null;
  count: number;
}

/** Rows of `select` as a set, or one null row when it has none: a party without a value still counts. */
const many = (select: string) =>
  `select unnest(coalesce(nullif(array(${select}), '{}'), array[null]::text[]))`;
const one = (expression: string) => `select (${expression})::text`;
const address = (key: string) =>
  one(`select a.details->>'${key}' from core_contact_point a where a.tenant_id = p.tenant_id and a.party_id = p.id
    and a.kind = 'address' and a.removed_at is null order by a.is_primary desc, a.created_at, a.id limit 1`);

/** The value expression of each built-in field that groups sensibly; the only SQL a field name selects. */
const BUILT_IN: Readonly<Record<CountByBuiltInField, string>> = {
  kind: one('p.kind'),
  lifecycle: one('p.lifecycle'),
  displayName: one('p.display_name'),
  givenName: one('p.given_name'),
  familyName: one('p.family_name'),
  organizationName: one('p.organization_name'),
  legalName: one('p.legal_name'),
  city: one('p.city'),
  locale: one('p.locale'),
  ownerId: one('p.owner_id'),
  teamId: one('p.team_id'),
  'source.channel': one('p.source_channel'),
  'source.campaign': one('p.source_campaign'),
  'source.referrerId': one('p.source_referrer_id'),
  'address.country': address('country'),
  'address.region': address('region'),
  'address.city': address('city'),
  'address.postalCode': address('postalCode'),
  tags: many('select t from unnest(p.tags) t'),
  role: many(`select distinct r.role from core_party_role r where r.tenant_id = p.tenant_id and r.party_id = p.id
    and r.valid_to is null`),
  externalKey: many(`select distinct x.source from core_party_external_key x where x.tenant_id = p.tenant_id
    and x.party_id = p.id`),
  department: one(
    'select e.department_id from core_employee e where e.tenant_id = p.tenant_id and e.id = p.owner_id',
  ),
};

/**
 * The set-returning SQL (over `core_party p`) of a field's values for `segments.countBy`. Address
 * fields take the party's primary (else oldest) address; tags, roles, external-key sources and
 * multi-choice custom fields count a party once per value. Unknown or ungroupable fields (dates,
 * relationships) are invalid data naming `field`.
 */
export function countByValueSql(field: string, catalog: FilterCatalog): string {
  if (field.startsWith('custom.')) {
    const key = field.slice('custom.'.length);
    const definition = catalog.customFields.find((d) => d.key === key);
    if (definition && CUSTOM_KEY.test(key)) {
      return definition.type === 'multi_enum'
        ? many(`select jsonb_array_elements_text(case when jsonb_typeof(p.custom->'${key}') = 'array'
            then p.custom->'${key}' else '[]'::jsonb end)`)
        : one(`p.custom->>'${key}'`);
    }
    throw invalidField(`no custom field "${key}"`);
  }
  const sql = Object.hasOwn(BUILT_IN, field) ? BUILT_IN[field as CountByBuiltInField] : undefined;
  if (!sql)
    throw invalidField(
      `cannot count by "${field}"; use one of ${Object.keys(BUILT_IN).join(', ')}, or custom.<key>`,
    );
  return sql;
}

function invalidField(message: string): InvalidDataError {
  return new InvalidDataError('count by', [{ path: 'field', message, code: 'invalid_value' }]);
}
