import { type FieldIssue, InvalidDataError } from '../kernel/errors.js';
import type { CustomFieldDefinition } from './custom-fields.js';
import { FILTER_LIMITS, type Filter } from './filter.js';
import { CUSTOM_KEY, customFieldSpec, type FieldSpec, operatorsOf, PARTY_FIELDS } from './filter-fields.js';

/** What a filter is checked against: the tenant's custom fields and, optionally, relationship types. */
export interface FilterCatalog {
  customFields: readonly CustomFieldDefinition[];
  /** Relationship type keys; when given, a condition on another type is invalid. */
  relationshipTypes?: readonly string[];
  /** Registered activity type keys; when given, an `activity` condition on another type is invalid. */
  activityTypes?: readonly string[];
}

type Path = ReadonlyArray<string | number>;

/** The field spec of a field name, or `undefined` when the catalog has no such field. */
export function resolveField(field: string, catalog: FilterCatalog): FieldSpec | undefined {
  if (field.startsWith('custom.')) {
    const key = field.slice('custom.'.length);
    const definition = catalog.customFields.find((d) => d.key === key);
    return definition && CUSTOM_KEY.test(key) ? customFieldSpec(definition) : undefined;
  }
  return Object.hasOwn(PARTY_FIELDS, field) ? PARTY_FIELDS[field as keyof typeof PARTY_FIELDS] : undefined;
}

/**
 * Checks a filter against the catalog and returns it normalised (tags lower-cased, defaults filled
 * in). Every problem is reported at once, with its path inside the filter: an unknown field at
 * `filter.and.1.field`, an unknown operator at `….op`, a value of the wrong type at `….value`.
 *
 * @throws InvalidDataError (code `INVALID_DATA`)
 */
export function validateFilter(input: unknown, catalog: FilterCatalog, root = 'filter'): Filter {
  const issues: FieldIssue[] = [];
  let nodes = 0;
  const issue = (path: Path, message: string, code: string) =>
    issues.push({ path: path.join('.'), message, code });

  const walk = (node: unknown, path: Path, depth: number): Filter | undefined => {
    if (depth > FILTER_LIMITS.depth)
      return void issue(path, `nested deeper than ${FILTER_LIMITS.depth} levels`, 'too_big');
    if (++nodes === FILTER_LIMITS.nodes + 1)
      issue([root], `has more than ${FILTER_LIMITS.nodes} conditions`, 'too_big');
    if (typeof node !== 'object' || node === null || Array.isArray(node))
      return void issue(
        path,
        'expected a condition { field, op, value } or { and | or | not }',
        'invalid_type',
      );
    const keys = Object.keys(node);
    const record = node as Record<string, unknown>;
    for (const logical of ['and', 'or'] as const) {
      if (!(logical in record)) continue;
      if (!only(keys, logical, path)) return undefined;
      const children = record[logical];
      if (!Array.isArray(children))
        return void issue([...path, logical], 'expected an array of filters', 'invalid_type');
      const out = children.map((child, i) => walk(child, [...path, logical, i], depth + 1));
      return { [logical]: out } as Filter;
    }
    if ('not' in record) {
      if (!only(keys, 'not', path)) return undefined;
      const inner = walk(record.not, [...path, 'not'], depth + 1);
      return inner && { not: inner };
    }
    if ('field' in record) return condition(record, keys, path);
    return void issue(
      path,
      'expected a condition { field, op, value } or { and | or | not }',
      'invalid_type',
    );
  };

  const only = (keys: string[], key: string, path: Path) => {
    const extra = keys.filter((k) => k !== key);
    for (const k of extra) issue([...path, k], `unexpected next to "${key}"`, 'unrecognized_keys');
    return extra.length === 0;
  };

  const condition = (record: Record<string, unknown>, keys: string[], path: Path): Filter | undefined => {
    for (const k of keys.filter((k) => !['field', 'op', 'value'].includes(k)))
      issue([...path, k], 'unexpected key in a condition', 'unrecognized_keys');
    const { field, op, value } = record;
    if (typeof field !== 'string')
      return void issue([...path, 'field'], 'expected a field name', 'invalid_type');
    const spec = resolveField(field, catalog);
    if (!spec) {
      const message = field.startsWith('custom.')
        ? `no custom field "${field.slice(7)}"`
        : `unknown field "${field}"; use one of ${Object.keys(PARTY_FIELDS).join(', ')}, or custom.<key>`;
      return void issue([...path, 'field'], message, 'unknown_field');
    }
    const operators = operatorsOf(spec);
    if (typeof op !== 'string' || !Object.hasOwn(operators, op)) {
      const allowed = Object.keys(operators).join(', ');
      return void issue(
        [...path, 'op'],
        `unknown operator for ${field}; use one of ${allowed}`,
        'unknown_operator',
      );
    }
    const schema = operators[op];
    if (!schema) {
      if (value !== undefined) issue([...path, 'value'], `"${op}" takes no value`, 'unrecognized_keys');
      return { field, op } as Filter;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      issues.push(...InvalidDataError.fromZod('filter', parsed.error, [...path, 'value']).issues);
      return undefined;
    }
    const type = (parsed.data as { type?: string }).type;
    if (
      spec.family === 'relationship' &&
      catalog.relationshipTypes &&
      !catalog.relationshipTypes.includes(type!)
    )
      return void issue([...path, 'value', 'type'], `unknown relationship type "${type}"`, 'invalid_value');
    if (spec.family === 'activity' && catalog.activityTypes) {
      const unknown = unknownActivityTypes(parsed.data as { type: string | string[] }, catalog.activityTypes);
      for (const { key, at } of unknown)
        issue([...path, 'value', 'type', ...at], `unknown activity type "${key}"`, 'invalid_value');
      if (unknown.length > 0) return undefined;
    }
    return { field, op, value: parsed.data } as Filter;
  };

  const filter = walk(input, [root], 1);
  if (issues.length > 0 || !filter) throw new InvalidDataError('filter', issues);
  return filter;
}

/** The activity types of a condition's value that are not registered, each with its path under `type`. */
function unknownActivityTypes(
  value: { type: string | string[] },
  known: readonly string[],
): { key: string; at: number[] }[] {
  if (typeof value.type === 'string') return known.includes(value.type) ? [] : [{ key: value.type, at: [] }];
  return value.type.flatMap((key, i) => (known.includes(key) ? [] : [{ key, at: [i] }]));
}
