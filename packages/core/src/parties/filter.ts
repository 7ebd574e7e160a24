import type { ContactPointKind } from './contact-points.js';
import type { PartyCustomFields } from './custom-fields.js';
import type { Lifecycle } from './party-input.js';

/**
 * The operators of each family of fields, each with the arguments it takes (`[]`: none, one
 * element: the `value`, several: a tuple `value`). The filter JSON and the builder are both typed
 * from these.
 */
export interface OperatorFamilies<V = string, N = number> {
  text: {
    eq: [value: V];
    neq: [value: V];
    in: [values: readonly V[]];
    notIn: [values: readonly V[]];
    contains: [text: string];
    startsWith: [text: string];
    isNull: [];
    isNotNull: [];
  };
  requiredText: Omit<OperatorFamilies<V>['text'], 'isNull' | 'isNotNull'>;
  choice: { eq: [value: V]; neq: [value: V]; in: [values: readonly V[]]; notIn: [values: readonly V[]] };
  nullableChoice: OperatorFamilies<V>['choice'] & { isNull: []; isNotNull: [] };
  timestamp: {
    gt: [at: string];
    gte: [at: string];
    lt: [at: string];
    lte: [at: string];
    between: [from: string, to: string];
    withinLastDays: [days: number];
  };
  number: {
    eq: [value: N];
    neq: [value: N];
    gt: [value: N];
    gte: [value: N];
    lt: [value: N];
    lte: [value: N];
    between: [from: N, to: N];
    in: [values: readonly N[]];
    notIn: [values: readonly N[]];
    isNull: [];
    isNotNull: [];
  };
  date: Omit<OperatorFamilies<string, string>['number'], 'in' | 'notIn'>;
  boolean: { eq: [value: boolean]; neq: [value: boolean]; isNull: []; isNotNull: [] };
  list: {
    has: [value: V];
    hasAll: [values: readonly V[]];
    hasAny: [values: readonly V[]];
    hasNone: [values: readonly V[]];
    isEmpty: [];
    isNotEmpty: [];
  };
  role: { has: [role: RoleValue]; hasAny: [roles: readonly string[]] };
  relationship: { exists: [relationship: RelationshipValue] };
  externalKey: {
    eq: [key: ExternalKeyValue];
    in: [keys: readonly ExternalKeyValue[]];
    fromSource: [source: string];
  };
  contactPoint: { has: [kind: ContactPointKind] };
  partyDate: {
    exists: [];
    inMonth: [month: number];
    on: [day: { month: number; day: number }];
    withinNextDays: [days: number];
  };
  activity: { exists: [activity: ActivityValue]; notExists: [activity: ActivityValue] };
}

/**
 * The value of an `activity` condition: which journal entries of the party count. Only the current
 * version of an entry counts (an amended entry by its amendment; a voided one not at all).
 */
export interface ActivityValue {
  /** The activity type key(s), such as `sale` or `['call', 'meeting']`; each must be registered. */
  type: string | readonly string[];
  /** Only entries that occurred in the last N days (`now - N days <= occurredAt <= now`). */
  withinLastDays?: number;
  /** Only entries that occurred between these instants, inclusive (ISO date-time, or a date = midnight UTC). */
  between?: readonly [from: string, to: string];
  /** Only entries of this direction (calls, emails…), as the journal spells it. */
  direction?: 'inbound' | 'outbound';
  /** Only entries with one of these outcomes. */
  outcome?: string | readonly string[];
  /** Only entries whose `data` contains this JSON (`data @> value`): `{ response: 'declined' }`. */
  data?: Record<string, unknown>;
  /** At least this many matching entries (default 1); with `notExists`: fewer than this many. */
  minCount?: number;
}

/** The value of a `role` condition: a role key, or a role held at one organisation. */
export type RoleValue = string | { role: string; organizationId?: string };

/** A party's key in another system (`source`, such as `erp`, and the key there), as imports record it. */
export interface ExternalKeyValue {
  source: string;
  key: string;
}

/** The value of a `relationship` condition. */
export interface RelationshipValue {
  /** The relationship type key, such as `works_at`. */
  type: string;
  /**
   * `outgoing`: this party is the relationship's first party ("works at"); `incoming`: the second
   * ("employs"); `either` (default): any side.
   */
  direction?: 'outgoing' | 'incoming' | 'either';
  /** Only relationships with this other party. */
  partyId?: string;
  /** Also match ended relationships (default: active ones only). */
  includeEnded?: boolean;
}

type Families = OperatorFamilies;

/** The built-in fields of a party a filter can use, each with its operator family. */
export interface PartyFilterFields {
  id: OperatorFamilies['choice'];
  kind: OperatorFamilies<'person' | 'organization'>['choice'];
  lifecycle: OperatorFamilies<Lifecycle>['nullableChoice'];
  displayName: Families['requiredText'];
  givenName: Families['text'];
  familyName: Families['text'];
  organizationName: Families['text'];
  legalName: Families['text'];
  city: Families['text'];
  /** The ISO 3166-1 alpha-2 country of any of the party's addresses (`DE`). */
  'address.country': Families['text'];
  /** The region (state, province) of any of the party's addresses. */
  'address.region': Families['text'];
  /** The city of any of the party's addresses (`city` is the primary address's). */
  'address.city': Families['text'];
  /** The postal code of any of the party's addresses. */
  'address.postalCode': Families['text'];
  /** A key of the party in another system. */
  externalKey: Families['externalKey'];
  locale: Families['text'];
  ownerId: Families['nullableChoice'];
  teamId: Families['nullableChoice'];
  'source.channel': Families['text'];
  'source.campaign': Families['text'];
  'source.referrerId': Families['nullableChoice'];
  createdAt: Families['timestamp'];
  updatedAt: Families['timestamp'];
  tags: Families['list'];
  role: Families['role'];
  relationship: Families['relationship'];
  contactPoint: Families['contactPoint'];
  birthday: Families['partyDate'];
  anniversary: Families['partyDate'];
  importantDate: Families['partyDate'];
  /** The party's journal entries: "had a `sale` in the last 90 days". */
  activity: Families['activity'];
}

/** The name of a built-in filter field. */
export type PartyFilterField = keyof PartyFilterFields;

/** The operators of a custom field, typed from {@link PartyCustomFields} when it is declared there. */
export type CustomFieldOperators<K extends string> = K extends keyof PartyCustomFields
  ? OperatorsOfValue<NonNullable<PartyCustomFields[K]>>
  : AnyCustomOperators;

type OperatorsOfValue<T> = [T] extends [boolean]
  ? Families['boolean']
  : [T] extends [number]
    ? Families['number']
    : [T] extends [readonly (infer E extends string)[]]
      ? OperatorFamilies<E>['list']
      : [T] extends [string]
        ? string extends T
          ? Families['text'] & Pick<Families['date'], 'gt' | 'gte' | 'lt' | 'lte' | 'between'>
          : OperatorFamilies<T>['nullableChoice']
        : AnyCustomOperators;

type Scalar = string | number | boolean;
/** Every operator any custom field type has; the field's definition decides which apply. */
export interface AnyCustomOperators {
  eq: [value: Scalar];
  neq: [value: Scalar];
  in: [values: readonly Scalar[]];
  notIn: [values: readonly Scalar[]];
  gt: [value: number | string];
  gte: [value: number | string];
  lt: [value: number | string];
  lte: [value: number | string];
  between: [from: number | string, to: number | string];
  contains: [text: string];
  startsWith: [text: string];
  isNull: [];
  isNotNull: [];
  has: [value: string];
  hasAll: [values: readonly string[]];
  hasAny: [values: readonly string[]];
  hasNone: [values: readonly string[]];
  isEmpty: [];
  isNotEmpty: [];
}

/** The JSON condition of one operator: `{ field, op }` or `{ field, op, value }`. */
export type ConditionOf<F extends string, O extends string, A> = A extends []
  ? { field: F; op: O; value?: undefined }
  : A extends [infer V]
    ? { field: F; op: O; value: V }
    : { field: F; op: O; value: A };

type ConditionsOf<F extends string, Ops> = {
  [O in keyof Ops & string]: ConditionOf<F, O, Ops[O]>;
}[keyof Ops & string];

/** A condition on a built-in field. */
export type FieldCondition = {
  [F in PartyFilterField]: ConditionsOf<F, PartyFilterFields[F]>;
}[PartyFilterField];

/** A condition on a custom field: `field` is `custom.<key>`. */
export type CustomCondition = ConditionsOf<`custom.${string}`, AnyCustomOperators>;

/** One condition of a filter. */
export type Condition = FieldCondition | CustomCondition;

/**
 * A filter over parties: conditions combined with `and`, `or` and `not`. Plain JSON, so it can be
 * stored (saved segments) and sent over the wire; build it by hand or with the builder `f`.
 *
 * @example
 * const vipInBerlin: Filter = { and: [{ field: 'city', op: 'eq', value: 'Berlin' }, { field: 'tags', op: 'has', value: 'vip' }] };
 */
export type Filter = Condition | { and: Filter[] } | { or: Filter[] } | { not: Filter };

/** The limits on a filter's size, so one request cannot build an unbounded query. */
export const FILTER_LIMITS = { depth: 12, nodes: 500, listValues: 1000 } as const;
