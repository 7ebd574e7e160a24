import { type FieldIssue, InvalidDataError } from '../kernel/errors.js';
import type { CustomFieldDefinition } from './custom-fields.js';
import type { ImportMapping, RowMapper, SourceRow } from './import-mapping-types.js';
import { coerceCustomValue } from './import-values.js';

type Getter = (row: SourceRow) => unknown;
/** A compiled value source: reads a row's value, and names its column when it has one. */
export interface Compiled {
  get: Getter;
  column?: string;
}

const SCALARS = [
  'givenName',
  'familyName',
  'organizationName',
  'legalName',
  'displayName',
  'taxNumber',
  'registrationNumber',
  'locale',
  'ownerId',
  'teamId',
  'lifecycle',
] as const;
const CONTACTS = ['email', 'phone', 'website'] as const;
const KNOWN = new Set<string>([
  'kind',
  ...SCALARS,
  ...CONTACTS,
  'phoneRegion',
  'address',
  'tags',
  'roles',
  'source',
  'custom',
  'externalKey',
]);
const ADDRESS_PARTS = ['street', 'extra', 'postalCode', 'city', 'region', 'country'] as const;

/** Rows that already are party inputs (with an optional `externalKey`), passed through as they are. */
export const identityMapper: RowMapper = {
  columns: [],
  // PartyInputSchema strips unknown keys, so `externalKey` can stay in the input.
  map: (row) => ({ input: row, externalKey: clean(row.externalKey) }),
  externalKey: (row) => clean(row.externalKey),
};

/** Checks a mapping and compiles it; a bad mapping is an invalid-data error listing `mapping.*` paths. */
export function compileMapping(mapping: ImportMapping, definitions: CustomFieldDefinition[]): RowMapper {
  const issues: FieldIssue[] = [];
  const columns: Array<{ path: string; column: string }> = [];
  const source = (value: unknown, path: string): Compiled | undefined => {
    const compiled = compileSource(value, path, issues);
    if (compiled?.column !== undefined) columns.push({ path, column: compiled.column });
    return compiled;
  };
  for (const key of Object.keys(mapping))
    if (!KNOWN.has(key))
      issues.push({ path: `mapping.${key}`, message: 'no such field', code: 'unrecognized_keys' });
  const kind = compileKind(mapping.kind, source, issues);
  const scalars = SCALARS.flatMap((f) => {
    const c = mapping[f] === undefined ? undefined : source(mapping[f], `mapping.${f}`);
    return c ? [{ field: f, ...c }] : [];
  });
  const contacts = CONTACTS.flatMap((kindOf) =>
    listOf(mapping[kindOf]).flatMap((entry, i) => {
      const c = source(entry, `mapping.${kindOf}${Array.isArray(mapping[kindOf]) ? `.${i}` : ''}`);
      const options = typeof entry === 'object' && entry !== null && 'column' in entry ? entry : undefined;
      const label = options && 'label' in options ? options.label : undefined;
      const identifying = options && 'identifying' in options ? options.identifying : undefined;
      return c ? [{ kind: kindOf, label, identifying, ...c }] : [];
    }),
  );
  const phoneRegion =
    mapping.phoneRegion === undefined ? undefined : source(mapping.phoneRegion, 'mapping.phoneRegion');
  const addresses = listOf(mapping.address).flatMap((address, i) => {
    const path = `mapping.address${Array.isArray(mapping.address) ? `.${i}` : ''}`;
    if (typeof address !== 'object' || address === null) {
      issues.push({ path, message: 'must be an object of address columns', code: 'invalid_type' });
      return [];
    }
    const parts = ADDRESS_PARTS.flatMap((part) => {
      const c = address[part] === undefined ? undefined : source(address[part], `${path}.${part}`);
      return c ? [{ part, ...c }] : [];
    });
    return [{ label: address.label, parts }];
  });
  const lists = (['tags', 'roles'] as const).flatMap((field) => {
    const value = mapping[field];
    if (value === undefined) return [];
    const c = source(value, `mapping.${field}`);
    const separator =
      typeof value === 'object' && value !== null && 'separator' in value ? value.separator : ',';
    return c ? [{ field, separator, ...c }] : [];
  });
  const origin = (['channel', 'campaign'] as const).flatMap((field) => {
    const value = mapping.source?.[field];
    const c = value === undefined ? undefined : source(value, `mapping.source.${field}`);
    return c ? [{ field, ...c }] : [];
  });
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const custom = Object.entries(mapping.custom ?? {}).flatMap(([key, value]) => {
    const definition = byKey.get(key);
    if (!definition) {
      issues.push({
        path: `mapping.custom.${key}`,
        message: 'no such custom field',
        code: 'unrecognized_keys',
      });
      return [];
    }
    const c = source(value, `mapping.custom.${key}`);
    return c ? [{ key, definition, ...c }] : [];
  });
  const externalKey =
    mapping.externalKey === undefined ? undefined : source(mapping.externalKey, 'mapping.externalKey');
  if (issues.length > 0) throw new InvalidDataError('import mapping', issues);

  return {
    columns,
    externalKey: (row) => (externalKey ? text(externalKey.get(row)) : undefined),
    map(row, track) {
      const input: Record<string, unknown> = { kind: kind.get(row) };
      if (track && kind.column) track('kind', kind.column);
      for (const s of scalars) {
        const value = text(s.get(row));
        if (value === undefined) continue;
        input[s.field] = value;
        if (track && s.column) track(s.field, s.column);
      }
      const points: Record<string, unknown>[] = [];
      const region = phoneRegion ? text(phoneRegion.get(row)) : undefined;
      for (const c of contacts) {
        const value = text(c.get(row));
        if (value === undefined) continue;
        if (track && c.column) track(`contactPoints.${points.length}`, c.column);
        const point: Record<string, unknown> = { kind: c.kind, value };
        if (c.label !== undefined) point.label = c.label;
        if (c.identifying !== undefined) point.identifying = c.identifying;
        if (c.kind === 'phone' && region !== undefined) point.region = region;
        points.push(point);
      }
      for (const a of addresses) {
        const point: Record<string, unknown> = { kind: 'address' };
        let any = false;
        for (const p of a.parts) {
          const value = text(p.get(row));
          if (value === undefined) continue;
          point[p.part] = value;
          any = true;
        }
        if (!any) continue;
        // Blank parts too: a missing city is reported on the City column.
        for (const p of a.parts)
          if (track && p.column) track(`contactPoints.${points.length}.${p.part}`, p.column);
        if (a.label !== undefined) point.label = a.label;
        points.push(point);
      }
      if (points.length > 0) input.contactPoints = points;
      for (const l of lists) {
        const value = l.get(row);
        if (value === undefined) continue;
        input[l.field] = typeof value === 'string' ? splitList(value, l.separator) : value;
        if (track && l.column) track(l.field, l.column);
      }
      if (origin.length > 0) {
        const from: Record<string, unknown> = {};
        for (const o of origin) {
          const value = text(o.get(row));
          if (value === undefined) continue;
          from[o.field] = value;
          if (track && o.column) track(`source.${o.field}`, o.column);
        }
        if (Object.keys(from).length > 0) input.source = from;
      }
      if (custom.length > 0) {
        const values: Record<string, unknown> = {};
        for (const c of custom) {
          const value = c.get(row);
          if (value === undefined) continue;
          values[c.key] = coerceCustomValue(value, c.definition);
          if (track && c.column) track(`custom.${c.key}`, c.column);
        }
        input.custom = values;
      }
      if (track && externalKey?.column) track('externalKey', externalKey.column);
      return { input, externalKey: externalKey ? text(externalKey.get(row)) : undefined };
    },
  };
}

function compileKind(
  value: unknown,
  source: (value: unknown, path: string) => Compiled | undefined,
  issues: FieldIssue[],
): Compiled {
  if (value === 'person' || value === 'organization') return { get: () => value };
  if (value === undefined || typeof value === 'string') {
    issues.push({
      path: 'mapping.kind',
      message: "must be 'person', 'organization', { column }, { value } or a function",
      code: 'invalid_type',
    });
    return { get: () => undefined };
  }
  const compiled = source(value, 'mapping.kind') ?? { get: () => undefined };
  return { ...compiled, get: (row) => kindOf(compiled.get(row)) };
}

function kindOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const lower = value.toLowerCase();
  return lower === 'organisation' ? 'organization' : lower;
}

/** Compiles one value source (column, `{ column }`, `{ value }` or function); a bad one adds an issue. */
export function compileSource(value: unknown, path: string, issues: FieldIssue[]): Compiled | undefined {
  if (typeof value === 'string' && value.length > 0)
    return { get: (row) => clean(row[value]), column: value };
  if (typeof value === 'function') return { get: (row) => clean((value as Getter)(row)) };
  if (typeof value === 'object' && value !== null) {
    if ('column' in value && typeof value.column === 'string' && value.column.length > 0) {
      const column = value.column;
      return { get: (row) => clean(row[column]), column };
    }
    if ('value' in value) {
      const constant = clean(value.value);
      return { get: () => constant };
    }
  }
  issues.push({
    path,
    message: 'must be a column name, { column }, { value } or a function of the row',
    code: 'invalid_type',
  });
  return undefined;
}

function listOf<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Blank text and null are absent; text is trimmed. */
function clean(value: unknown): unknown {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  return value === null ? undefined : value;
}

/** Numbers become text for text fields (a customer number read from JSON, say). */
function text(value: unknown): unknown {
  return typeof value === 'number' || typeof value === 'bigint' ? String(value) : value;
}

function splitList(value: string, separator: string): string[] {
  return value
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
