import type { ContactPointKind } from './contact-points.js';
import type {
  ActivityValue,
  ConditionOf,
  CustomFieldOperators,
  Filter,
  PartyFilterField,
  PartyFilterFields,
  RelationshipValue,
} from './filter.js';

/** The operator methods of one field: each takes the operator's arguments and returns its condition. */
export type OperatorMethods<F extends string, Ops> = {
  [O in keyof Ops & string]: Ops[O] extends infer A extends readonly unknown[]
    ? (...args: A) => ConditionOf<F, O, A>
    : never;
};

/** The operators of a built-in field, as builder methods. */
export type FieldRef<F extends PartyFilterField> = OperatorMethods<F, PartyFilterFields[F]>;
/** The operators of a custom field, as builder methods. */
export type CustomFieldRef<K extends string> = OperatorMethods<`custom.${K}`, CustomFieldOperators<K>>;

const OPERATORS = [
  'eq',
  'neq',
  'in',
  'notIn',
  'contains',
  'startsWith',
  'isNull',
  'isNotNull',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'withinLastDays',
  'has',
  'hasAll',
  'hasAny',
  'hasNone',
  'isEmpty',
  'isNotEmpty',
  'exists',
  'notExists',
  'inMonth',
  'on',
  'withinNextDays',
  'fromSource',
] as const;

function ref(field: string): Record<string, (...args: unknown[]) => Filter> {
  return Object.fromEntries(
    OPERATORS.map((op) => [
      op,
      (...args: unknown[]) =>
        (args.length === 0
          ? { field, op }
          : { field, op, value: args.length === 1 ? args[0] : args }) as unknown as Filter,
    ]),
  );
}

/**
 * A condition "has a relationship of this type", refined with `to`, `from`, `with`, `outgoing`,
 * `incoming` and `includingEnded`. It is itself plain filter JSON.
 */
export class RelationshipCondition {
  readonly field = 'relationship' as const;
  readonly op = 'exists' as const;

  constructor(readonly value: RelationshipValue) {}

  /** This party is the first party ("works at") and the other is `partyId`. */
  to(partyId: string): RelationshipCondition {
    return new RelationshipCondition({ ...this.value, direction: 'outgoing', partyId });
  }

  /** This party is the second party ("employs") and the first is `partyId`. */
  from(partyId: string): RelationshipCondition {
    return new RelationshipCondition({ ...this.value, direction: 'incoming', partyId });
  }

  /** With `partyId` on either side. */
  with(partyId: string): RelationshipCondition {
    return new RelationshipCondition({ ...this.value, direction: 'either', partyId });
  }

  /** Only where this party is the first party. */
  outgoing(): RelationshipCondition {
    return new RelationshipCondition({ ...this.value, direction: 'outgoing' });
  }

  /** Only where this party is the second party. */
  incoming(): RelationshipCondition {
    return new RelationshipCondition({ ...this.value, direction: 'incoming' });
  }

  /** Ended relationships count too. */
  includingEnded(): RelationshipCondition {
    return new RelationshipCondition({ ...this.value, includeEnded: true });
  }
}

/**
 * A condition "had an entry of this activity type", refined with `withinLastDays`, `between`,
 * `direction`, `outcome`, `data` and `atLeast`, or turned around with `none`. It is itself plain
 * filter JSON.
 */
export class ActivityCondition<O extends 'exists' | 'notExists' = 'exists'> {
  readonly field = 'activity' as const;

  constructor(
    readonly op: O,
    readonly value: ActivityValue,
  ) {}

  private with(patch: Partial<ActivityValue>): ActivityCondition<O> {
    return new ActivityCondition(this.op, { ...this.value, ...patch });
  }

  /** Only entries of the last `days` days. */
  withinLastDays(days: number): ActivityCondition<O> {
    return this.with({ withinLastDays: days });
  }

  /** Only entries between two instants (inclusive). */
  between(from: string, to: string): ActivityCondition<O> {
    return this.with({ between: [from, to] });
  }

  /** Only inbound or outbound entries. */
  direction(direction: 'inbound' | 'outbound'): ActivityCondition<O> {
    return this.with({ direction });
  }

  /** Only entries with this outcome (or one of these). */
  outcome(outcome: string | readonly string[]): ActivityCondition<O> {
    return this.with({ outcome });
  }

  /** Only entries whose data contains this JSON (`data @> value`). */
  data(data: Record<string, unknown>): ActivityCondition<O> {
    return this.with({ data });
  }

  /** At least `count` such entries (with `none`: fewer than `count`). */
  atLeast(count: number): ActivityCondition<O> {
    return this.with({ minCount: count });
  }

  /** The party has no such entry (or fewer than `atLeast`). */
  none(): ActivityCondition<'notExists'> {
    return new ActivityCondition('notExists', this.value);
  }
}

/**
 * The typed filter builder: every call returns plain filter JSON, and a field offers only the
 * operators (and value types) it supports.
 *
 * @example
 * const filter = f.and(
 *   f.field('city').eq('Berlin'),
 *   f.tag('vip'),
 *   f.custom('score').gte(50),
 *   f.role('customer'),
 *   f.relationship('works_at').to(orgId),
 * );
 * const page = await crm.services.segments.query(ctx, filter, { limit: 50 });
 */
export const f = {
  /** Every filter matches. */
  and: (...filters: Filter[]): Filter => ({ and: filters }),
  /** At least one filter matches. */
  or: (...filters: Filter[]): Filter => ({ or: filters }),
  /** The filter does not match (a missing value counts as not matching). */
  not: (filter: Filter): Filter => ({ not: filter }),
  /** Matches every party. */
  all: (): Filter => ({ and: [] }),
  /** A built-in field, offering its operators. */
  field: <F extends PartyFilterField>(name: F): FieldRef<F> => ref(name) as unknown as FieldRef<F>,
  /** A custom field (`custom.<key>`), typed by `PartyCustomFields` when declared there. */
  custom: <K extends string>(key: K): CustomFieldRef<K> =>
    ref(`custom.${key}`) as unknown as CustomFieldRef<K>,
  /** Has the tag. */
  tag: (tag: string) => f.field('tags').has(tag),
  /** Holds the role now, optionally at one organisation. */
  role: (role: string, options: { organizationId?: string } = {}) =>
    f.field('role').has(options.organizationId ? { role, organizationId: options.organizationId } : role),
  /** Has an active relationship of the type, in either direction; refine it with `.to(id)` and co. */
  relationship: (type: string): RelationshipCondition => new RelationshipCondition({ type }),
  /** Has this key in another system (as an import recorded it). */
  externalKey: (source: string, key: string) => f.field('externalKey').eq({ source, key }),
  /** Has an address (not removed) in the country (ISO 3166-1 alpha-2). */
  country: (code: string) => f.field('address.country').eq(code),
  /**
   * Has a current journal entry of the type(s); refine it with `.withinLastDays(90)`, `.data({…})`,
   * `.atLeast(3)`, or `.none()` for "has no such entry".
   */
  activity: (type: string | readonly string[]): ActivityCondition =>
    new ActivityCondition('exists', { type }),
  /** Has a usable (not removed, not marked invalid) contact point of the kind. */
  hasContact: (kind: ContactPointKind) => f.field('contactPoint').has(kind),
};
