import { z } from 'zod';
import type { CustomFieldDefinition } from './custom-fields.js';
import { FILTER_LIMITS, type PartyFilterField } from './filter.js';
import { Lifecycle, PartyRole } from './party-input.js';

/** The runtime operator families; see {@link OperatorFamilies} for their operators. */
export type FieldFamily =
  | 'text'
  | 'choice'
  | 'timestamp'
  | 'number'
  | 'date'
  | 'boolean'
  | 'list'
  | 'role'
  | 'relationship'
  | 'contactPoint'
  | 'partyDate'
  | 'address'
  | 'externalKey'
  | 'activity';

/** What the compiler needs to know about one filterable field. */
export interface FieldSpec {
  family: FieldFamily;
  /** SQL of a `core_party p` column; static fields only, from this whitelist. */
  column?: string;
  /** The key inside `p.custom`, for custom fields (checked against the definitions). */
  customKey?: string;
  nullable: boolean;
  /** Schema of one value of the field (for `eq`, `in`, `has`…). */
  item: z.ZodType;
  /** The key inside an address contact point's `details`, for address fields (a whitelisted literal). */
  addressKey?: 'country' | 'region' | 'city' | 'postalCode';
  /** The kind of important date, for `birthday` and `anniversary`. */
  dateKind?: 'birthday' | 'anniversary';
}

const text = z.string().max(2000);
const uuid = z.uuid();
const tag = z.string().trim().toLowerCase().min(1).max(50);
const none = z.never();

const column = (family: FieldFamily, sql: string, item: z.ZodType, nullable = true): FieldSpec => ({
  family,
  column: sql,
  item,
  nullable,
});
const partyDate = (dateKind?: FieldSpec['dateKind']): FieldSpec => ({
  family: 'partyDate',
  nullable: false,
  item: none,
  dateKind,
});

const address = (addressKey: NonNullable<FieldSpec['addressKey']>, item: z.ZodType): FieldSpec => ({
  family: 'address',
  addressKey,
  item,
  nullable: true,
});
const country = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code');
const externalKey = z.strictObject({
  source: z.string().trim().min(1).max(100),
  key: z.string().trim().min(1).max(500),
});

/** The built-in fields: the only column names that ever reach SQL. */
export const PARTY_FIELDS: Readonly<Record<PartyFilterField, FieldSpec>> = {
  id: column('choice', 'p.id', uuid, false),
  kind: column('choice', 'p.kind', z.enum(['person', 'organization']), false),
  lifecycle: column('choice', 'p.lifecycle', Lifecycle),
  displayName: column('text', 'p.display_name', text, false),
  givenName: column('text', 'p.given_name', text),
  familyName: column('text', 'p.family_name', text),
  organizationName: column('text', 'p.organization_name', text),
  legalName: column('text', 'p.legal_name', text),
  city: column('text', 'p.city', text),
  'address.country': address('country', country),
  'address.region': address('region', text),
  'address.city': address('city', text),
  'address.postalCode': address('postalCode', text),
  externalKey: { family: 'externalKey', nullable: false, item: externalKey },
  locale: column('text', 'p.locale', text),
  ownerId: column('choice', 'p.owner_id', uuid),
  teamId: column('choice', 'p.team_id', uuid),
  'source.channel': column('text', 'p.source_channel', text),
  'source.campaign': column('text', 'p.source_campaign', text),
  'source.referrerId': column('choice', 'p.source_referrer_id', uuid),
  createdAt: column('timestamp', 'p.created_at', none, false),
  updatedAt: column('timestamp', 'p.updated_at', none, false),
  tags: column('list', 'p.tags', tag, false),
  role: { family: 'role', nullable: false, item: PartyRole },
  relationship: { family: 'relationship', nullable: false, item: none },
  contactPoint: {
    family: 'contactPoint',
    nullable: false,
    item: z.enum(['email', 'phone', 'address', 'website', 'messenger']),
  },
  birthday: partyDate('birthday'),
  anniversary: partyDate('anniversary'),
  importantDate: partyDate(),
  activity: { family: 'activity', nullable: false, item: none },
};

/** Custom field keys as the definitions allow them; re-checked because the key is written into SQL. */
export const CUSTOM_KEY = /^[a-z][a-zA-Z0-9_]{0,62}$/;

const customSpecs = new Map<string, FieldSpec>();

/** The field spec of a custom field, from its definition (memoised: specs and their schemas are reused). */
export function customFieldSpec(definition: CustomFieldDefinition): FieldSpec {
  const cacheKey = [definition.key, definition.type, ...(definition.allowed ?? [])].join('\u0000');
  let spec = customSpecs.get(cacheKey);
  if (!spec) {
    if (customSpecs.size >= 10_000) customSpecs.clear();
    spec = buildCustomSpec(definition);
    customSpecs.set(cacheKey, spec);
  }
  return spec;
}

function buildCustomSpec(definition: CustomFieldDefinition): FieldSpec {
  const base = { customKey: definition.key, nullable: true };
  const allowed = z.enum((definition.allowed ?? ['']) as [string, ...string[]]);
  switch (definition.type) {
    case 'text':
      return { ...base, family: 'text', item: text };
    case 'number':
      return { ...base, family: 'number', item: z.number().finite() };
    case 'boolean':
      return { ...base, family: 'boolean', item: z.boolean() };
    case 'date':
      return { ...base, family: 'date', item: z.iso.date() };
    case 'enum':
      return { ...base, family: 'choice', item: allowed };
    case 'multi_enum':
      return { ...base, family: 'list', item: allowed };
  }
}

const list = (item: z.ZodType) => z.array(item).min(1).max(FILTER_LIMITS.listValues);
const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((v) => (v.length === 10 ? `${v}T00:00:00Z` : v));
const pattern = z.string().min(1).max(200);
const days = (max: number) => z.int().min(0).max(max);
const activityType = z.string().regex(/^[a-z][a-z0-9_.-]{1,60}$/, 'must be an activity type key');
const outcome = z.string().trim().min(1).max(500);
/** `data` of an activity condition: a plain JSON object (its size is bounded by `limits.filterBytes`). */
const activityData = z.record(z.string(), z.json());
const activityValue = z.strictObject({
  type: z.union([activityType, z.array(activityType).min(1).max(100)]),
  withinLastDays: days(36_500).optional(),
  between: z.tuple([instant, instant]).optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  outcome: z.union([outcome, list(outcome)]).optional(),
  data: activityData.optional(),
  minCount: z.int().min(1).max(1_000_000).optional(),
});

const operatorTables = new WeakMap<FieldSpec, Readonly<Record<string, z.ZodType | null>>>();

/** The operators of a field, each with the schema of its value (`null`: takes no value). */
export function operatorsOf(spec: FieldSpec): Readonly<Record<string, z.ZodType | null>> {
  let table = operatorTables.get(spec);
  if (!table) {
    table = buildOperators(spec);
    operatorTables.set(spec, table);
  }
  return table;
}

function buildOperators(spec: FieldSpec): Record<string, z.ZodType | null> {
  const { item } = spec;
  const nulls: Record<string, null> = spec.nullable ? { isNull: null, isNotNull: null } : {};
  const choice = { eq: item, neq: item, in: list(item), notIn: list(item) };
  const ordered = (value: z.ZodType) => ({
    eq: value,
    neq: value,
    gt: value,
    gte: value,
    lt: value,
    lte: value,
    between: z.tuple([value, value]),
  });
  switch (spec.family) {
    case 'text':
    case 'address':
      return { ...choice, contains: pattern, startsWith: pattern, ...nulls };
    case 'externalKey':
      return { eq: item, in: list(item), fromSource: z.string().trim().min(1).max(100) };
    case 'choice':
      return { ...choice, ...nulls };
    case 'number':
      return { ...ordered(item), in: list(item), notIn: list(item), ...nulls };
    case 'date':
      return { ...ordered(item), ...nulls };
    case 'boolean':
      return { eq: item, neq: item, ...nulls };
    case 'timestamp': {
      const { eq: _eq, neq: _neq, ...range } = ordered(instant);
      return { ...range, withinLastDays: days(36_500) };
    }
    case 'list':
      return {
        has: item,
        hasAll: list(item),
        hasAny: list(item),
        hasNone: list(item),
        isEmpty: null,
        isNotEmpty: null,
      };
    case 'role':
      return {
        has: z.union([item, z.strictObject({ role: item, organizationId: uuid.optional() })]),
        hasAny: list(item),
      };
    case 'relationship':
      return {
        exists: z.strictObject({
          type: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, 'must be a relationship type key'),
          direction: z.enum(['outgoing', 'incoming', 'either']).default('either'),
          partyId: uuid.optional(),
          includeEnded: z.boolean().default(false),
        }),
      };
    case 'contactPoint':
      return { has: item };
    case 'partyDate':
      return {
        exists: null,
        inMonth: z.int().min(1).max(12),
        on: z.strictObject({ month: z.int().min(1).max(12), day: z.int().min(1).max(31) }),
        withinNextDays: days(366),
      };
    case 'activity':
      return { exists: activityValue, notExists: activityValue };
  }
}
