import { PERIOD_UNITS, type PeriodUnit } from '../shared/period.js';

/** What a dimension's SQL needs joined besides the entry `e` and its customer link `l`. */
export type DimensionJoin = 'party' | 'employee' | 'address' | 'tag' | 'lines' | 'product';

export interface DimensionSpec {
  /** The grouped value, as text, over `e`, `l`, `p` (party), `em` (employee), `addr`, `t`. */
  sql: string;
  joins: readonly DimensionJoin[];
  /**
   * The dimension can put one fact row under several values (a party's tags, the values of a
   * multi-valued custom field, the lines of an entry): totals are then computed over the fact rows
   * without it, so each entry counts once in them.
   */
  multiplies?: boolean;
  /** A lateral join of its own (a multi-valued custom field's values), after the party. */
  lateral?: string;
  /** The label of a value `v` (a text expression over the result), e.g. a name for an id. */
  label?: (v: string) => string;
}

const employeeName = (v: string) =>
  `(select lx.name from core_employee lx where lx.tenant_id = $1 and lx.id = ${v}::uuid)`;
const partyName = (v: string) =>
  `(select lx.display_name from core_party lx where lx.tenant_id = $1 and lx.id = ${v}::uuid)`;
const productName = (v: string) =>
  `(select lx.name->>lx.default_locale from pricing_product lx where lx.tenant_id = $1 and lx.id = ${v}::uuid)`;
const categoryName = (v: string) =>
  `(select lx.name from pricing_category lx where lx.tenant_id = $1 and lx.id = ${v}::uuid)`;
const departmentName = (v: string) =>
  `(select lx.name from core_department lx where lx.tenant_id = $1 and lx.id = ${v}::uuid)`;

/**
 * The built-in dimensions of `analytics.query`: the only SQL a dimension name selects (besides
 * `custom.<key>`, checked against the tenant's custom field definitions). See docs/analytics.md.
 */
export const DIMENSIONS = {
  /** The employee recorded on the entry (who made the sale, the call): `employee_id`. */
  employee: { sql: 'e.employee_id::text', joins: [], label: employeeName },
  /** That employee's department. */
  department: { sql: 'em.department_id::text', joins: ['employee'], label: departmentName },
  /** The customer party. */
  party: { sql: 'l.party_id::text', joins: [], label: partyName },
  /** The customer party's current owner. */
  partyOwner: { sql: 'p.owner_id::text', joins: ['party'], label: employeeName },
  /** The entry's activity type. */
  type: { sql: 'e.type', joins: [] },
  outcome: { sql: 'e.outcome', joins: [] },
  direction: { sql: 'e.direction', joins: [] },
  status: { sql: 'e.status', joins: [] },
  /** A message's delivery status (`data.status` of email and SMS entries). */
  messageStatus: { sql: `e.data->>'status'`, joins: [] },
  /** An expense's category (`data.category`). */
  expenseCategory: { sql: `e.data->>'category'`, joins: [] },
  /** The party's primary (else oldest) address: ISO country, region, city, postal code. */
  country: { sql: 'addr.country', joins: ['party', 'address'] },
  region: { sql: 'addr.region', joins: ['party', 'address'] },
  city: { sql: 'addr.city', joins: ['party', 'address'] },
  postalCode: { sql: 'addr.postal_code', joins: ['party', 'address'] },
  'source.channel': { sql: 'p.source_channel', joins: ['party'] },
  'source.campaign': { sql: 'p.source_campaign', joins: ['party'] },
  'source.referrer': { sql: 'p.source_referrer_id::text', joins: ['party'], label: partyName },
  lifecycle: { sql: 'p.lifecycle', joins: ['party'] },
  kind: { sql: 'p.kind', joins: ['party'] },
  /** One of the party's tags: a party with two tags counts under both (null: no tag). */
  tag: { sql: 't.tag', joins: ['party', 'tag'], multiplies: true },
  /**
   * With `@rapport/pricing`: the product of a sale line (`pricing_sale_line`); the facts become the
   * lines of sales and refunds, their amounts the lines' net amounts (null: a SKU not in the catalogue).
   */
  product: { sql: 'sl.product_id::text', joins: ['lines'], label: productName, multiplies: true },
  /** With `@rapport/pricing`: the category of a sale line's product. */
  category: {
    sql: 'pp.category_id::text',
    joins: ['lines', 'product'],
    label: categoryName,
    multiplies: true,
  },
  'period.day': periodDimension('day'),
  'period.week': periodDimension('week'),
  'period.month': periodDimension('month'),
  'period.quarter': periodDimension('quarter'),
  'period.year': periodDimension('year'),
} as const satisfies Record<string, DimensionSpec>;

function periodDimension(unit: PeriodUnit): DimensionSpec {
  // `$2` is always the tenant's time zone; the unit is from the whitelist.
  return { sql: `date_trunc('${unit}', e.occurred_at at time zone $2)::date::text`, joins: [] };
}

/** A built-in dimension's name. */
export type BuiltInDimension = keyof typeof DIMENSIONS;
/** A dimension: built in, or a party custom field `custom.<key>`. */
export type Dimension = BuiltInDimension | `custom.${string}`;
/** Every built-in dimension's name. */
export const DIMENSION_NAMES = Object.keys(DIMENSIONS) as [BuiltInDimension, ...BuiltInDimension[]];
/** The period dimensions (which a previous-period comparison cannot match across). */
export const PERIOD_DIMENSIONS = PERIOD_UNITS.map((u) => `period.${u}` as const);

/**
 * The spec of a dimension; custom keys must have been checked against the definitions. A custom
 * field in `multiValued` (type `multi_enum`) groups by each of its values, like tags (null: none).
 */
export function dimensionSpec(name: Dimension, multiValued: ReadonlySet<string> = new Set()): DimensionSpec {
  if (name.startsWith('custom.')) {
    const key = name.slice('custom.'.length);
    if (!/^[a-z][a-zA-Z0-9_]{0,62}$/.test(key)) throw new Error(`Unsafe custom field key ${key}`);
    if (!multiValued.has(key)) return { sql: `p.custom->>'${key}'`, joins: ['party'] };
    const value = `p.custom->'${key}'`;
    return {
      sql: `"cf_${key}".v`,
      joins: ['party'],
      multiplies: true,
      lateral: `left join lateral (select x.v from jsonb_array_elements_text(case jsonb_typeof(${value})
        when 'array' then case when ${value} = '[]'::jsonb then '[null]'::jsonb else ${value} end
        else '[null]'::jsonb end) x(v)) "cf_${key}" on true`,
    };
  }
  return DIMENSIONS[name as BuiltInDimension];
}
