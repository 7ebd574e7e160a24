import { calendarDateIn } from '../values/calendar.js';
import type { ActivityValue, Filter } from './filter.js';
import { activitySql } from './filter-activity.js';
import type { FieldSpec } from './filter-fields.js';
import { type FilterCatalog, resolveField, validateFilter } from './filter-validator.js';

/** A SQL where-fragment over `core_party p` and its parameters. */
export interface CompiledFilter {
  /** Refers to the party as `p`; its placeholders start at `$<paramOffset + 1>`. */
  sql: string;
  params: unknown[];
}

/** Options of {@link compileFilter}. */
export interface CompileOptions {
  /** How many parameters come before this fragment's in the statement (default 0). */
  paramOffset?: number;
  /** The moment relative conditions (`withinNextDays`, `withinLastDays`) are measured from. */
  now?: Date;
  /** The time zone whose calendar day `now` falls on, for date conditions (default UTC). */
  timeZone?: string;
}

type Bind = (value: unknown) => string;

/**
 * Validates a filter ({@link validateFilter}) and compiles it into a where-fragment that the caller
 * ANDs with its own predicates (the tenant, visibility). Values only ever travel as parameters;
 * column names come from the field whitelist and custom keys from the tenant's definitions.
 *
 * @example
 * const defs = await customFields.definitions(tx);
 * const { sql, params } = compileFilter(filter, { customFields: defs }, { paramOffset: 1 });
 * await tx.sql(`select count(*) from core_party p where p.tenant_id = $1 and ${sql}`, [tx.tenantId, ...params]);
 */
export function compileFilter(
  filter: unknown,
  catalog: FilterCatalog,
  options: CompileOptions = {},
): CompiledFilter {
  return compileValidFilter(validateFilter(filter, catalog), catalog, options);
}

/** Compiles a filter that {@link validateFilter} returned, for callers that validated it already. */
export function compileValidFilter(
  valid: Filter,
  catalog: FilterCatalog,
  options: CompileOptions = {},
): CompiledFilter {
  const params: unknown[] = [];
  const offset = options.paramOffset ?? 0;
  const bind: Bind = (value) => `$${offset + params.push(value)}`;
  const now = options.now ?? new Date();
  const today = calendarDateIn(now, options.timeZone ?? 'UTC');
  const node = (f: Filter): string => {
    if ('and' in f) return f.and.length === 0 ? 'true' : `(${f.and.map(node).join(' and ')})`;
    if ('or' in f) return f.or.length === 0 ? 'false' : `(${f.or.map(node).join(' or ')})`;
    // A condition on a missing value is null, not false: coalesce so that `not` is its exact complement.
    if ('not' in f) return `(not coalesce(${node(f.not)}, false))`;
    const spec = resolveField(f.field, catalog)!;
    return `(${condition(spec, f.op, f.value, bind, today, now)})`;
  };
  return { sql: node(valid), params };
}

function condition(
  spec: FieldSpec,
  op: string,
  value: unknown,
  bind: Bind,
  today: string,
  now: Date,
): string {
  switch (spec.family) {
    case 'activity':
      return activitySql(op, value as ActivityValue, bind, now);
    case 'role':
      return roleSql(op, value, bind);
    case 'relationship':
      return relationshipSql(value as RelationshipArgs, bind);
    case 'contactPoint':
      return `exists (select 1 from core_contact_point c where c.tenant_id = p.tenant_id and c.party_id = p.id
        and c.kind = ${bind(value)} and c.removed_at is null and c.invalid_at is null and c.quality = 'verified')`;
    case 'partyDate':
      return partyDateSql(spec, op, value, bind, today);
    case 'address':
      return addressSql(spec.addressKey!, op, value, bind);
    case 'externalKey':
      return externalKeySql(op, value, bind);
    default:
      return spec.customKey ? customSql(spec, op, value, bind) : columnSql(spec, op, value, bind);
  }
}

function columnSql(spec: FieldSpec, op: string, value: unknown, bind: Bind): string {
  const col = spec.column!;
  if (spec.family === 'list') return listSql(col, op, value, bind);
  switch (op) {
    case 'eq':
      return `${col} = ${bind(value)}`;
    case 'neq':
      return `${col} is distinct from ${bind(value)}`;
    case 'in':
      return `${col} = any(${bind(value)})`;
    case 'notIn':
      return `not coalesce(${col} = any(${bind(value)}), false)`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return `${col} ${COMPARE[op]} ${bind(value)}::timestamptz`;
    case 'between': {
      const [from, to] = value as [string, string];
      return `${col} between ${bind(from)}::timestamptz and ${bind(to)}::timestamptz`;
    }
    case 'withinLastDays':
      return `${col} >= now() - make_interval(days => ${bind(value)}::int)`;
    default:
      return textSql(col, op, value, bind);
  }
}

function textSql(ref: string, op: string, value: unknown, bind: Bind): string {
  switch (op) {
    case 'contains':
      return `${ref} ilike ${bind(`%${escapeLike(value as string)}%`)}`;
    case 'startsWith':
      return `${ref} ilike ${bind(`${escapeLike(value as string)}%`)}`;
    case 'isNull':
      return `${ref} is null`;
    default:
      return `${ref} is not null`;
  }
}

function listSql(ref: string, op: string, value: unknown, bind: Bind): string {
  switch (op) {
    case 'has':
      return `${ref} @> ${bind([value])}::text[]`;
    case 'hasAll':
      return `${ref} @> ${bind(value)}::text[]`;
    case 'hasAny':
      return `${ref} && ${bind(value)}::text[]`;
    case 'hasNone':
      return `not (${ref} && ${bind(value)}::text[])`;
    case 'isEmpty':
      return `${ref} = '{}'`;
    default:
      return `${ref} <> '{}'`;
  }
}

const COMPARE = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

function customSql(spec: FieldSpec, op: string, value: unknown, bind: Bind): string {
  const key = spec.customKey!;
  const json = `p.custom->'${key}'`;
  const text = `(p.custom->>'${key}')`;
  const contains = (v: unknown) => `p.custom @> ${bind(JSON.stringify({ [key]: v }))}::jsonb`;
  if (spec.family === 'list') {
    switch (op) {
      case 'has':
        return contains([value]);
      case 'hasAll':
        return contains(value);
      case 'hasAny':
        return `coalesce((${json}) ?| ${bind(value)}::text[], false)`;
      case 'hasNone':
        return `not coalesce((${json}) ?| ${bind(value)}::text[], false)`;
      case 'isEmpty':
        return `coalesce(${json} = '[]'::jsonb, true)`;
      default:
        return `not coalesce(${json} = '[]'::jsonb, true)`;
    }
  }
  // A numeric cast only where the stored value is a JSON number: a stray value never fails the query.
  const ordered =
    spec.family === 'number'
      ? `(case when jsonb_typeof(${json}) = 'number' then ${text}::numeric end)`
      : `(${text} collate "C")`;
  const cast = spec.family === 'number' ? '::numeric' : '::text';
  switch (op) {
    case 'eq':
      return contains(value);
    case 'neq':
      return `not (${contains(value)})`;
    case 'in':
      return `p.custom @> any(${bind((value as unknown[]).map((v) => JSON.stringify({ [key]: v })))}::jsonb[])`;
    case 'notIn':
      return `not (p.custom @> any(${bind((value as unknown[]).map((v) => JSON.stringify({ [key]: v })))}::jsonb[]))`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return `${ordered} ${COMPARE[op]} ${bind(value)}${cast}`;
    case 'between': {
      const [from, to] = value as [unknown, unknown];
      return `${ordered} between ${bind(from)}${cast} and ${bind(to)}${cast}`;
    }
    default:
      return textSql(text, op, value, bind);
  }
}

/**
 * A condition on the party's current addresses: "some address matches" for the positive operators;
 * `neq`, `notIn` and `isNull` are their complements ("no address matches"), so `not` stays exact.
 */
function addressSql(key: string, op: string, value: unknown, bind: Bind): string {
  const some = (condition: string) =>
    `exists (select 1 from core_contact_point a where a.tenant_id = p.tenant_id and a.party_id = p.id
      and a.kind = 'address' and a.removed_at is null and ${condition})`;
  const ref = `(a.details->>'${key}')`;
  switch (op) {
    case 'eq':
      return some(`${ref} = ${bind(value)}`);
    case 'neq':
      return `not ${some(`${ref} = ${bind(value)}`)}`;
    case 'in':
      return some(`${ref} = any(${bind(value)}::text[])`);
    case 'notIn':
      return `not ${some(`${ref} = any(${bind(value)}::text[])`)}`;
    case 'isNull':
      return `not ${some(`${ref} is not null`)}`;
    default:
      return some(textSql(ref, op, value, bind));
  }
}

function externalKeySql(op: string, value: unknown, bind: Bind): string {
  const base = `exists (select 1 from core_party_external_key x where x.tenant_id = p.tenant_id and x.party_id = p.id`;
  if (op === 'fromSource') return `${base} and x.source = ${bind(value)})`;
  const keys = (op === 'eq' ? [value] : value) as { source: string; key: string }[];
  return `${base} and (x.source, x.key) in (select * from unnest(${bind(keys.map((k) => k.source))}::text[], ${bind(
    keys.map((k) => k.key),
  )}::text[])))`;
}

function roleSql(op: string, value: unknown, bind: Bind): string {
  const base = `exists (select 1 from core_party_role r where r.tenant_id = p.tenant_id and r.party_id = p.id
    and r.valid_to is null`;
  if (op === 'hasAny') return `${base} and r.role = any(${bind(value)}::text[]))`;
  const { role, organizationId } =
    typeof value === 'string'
      ? { role: value, organizationId: undefined }
      : (value as { role: string; organizationId?: string });
  return `${base} and r.role = ${bind(role)}${organizationId ? ` and r.organization_id = ${bind(organizationId)}` : ''})`;
}

interface RelationshipArgs {
  type: string;
  direction: 'outgoing' | 'incoming' | 'either';
  partyId?: string;
  includeEnded: boolean;
}

function relationshipSql(value: RelationshipArgs, bind: Bind): string {
  const type = bind(value.type);
  const other = value.partyId === undefined ? undefined : bind(value.partyId);
  const side = (self: string, them: string) =>
    `exists (select 1 from core_relationship r where r.tenant_id = p.tenant_id and r.${self} = p.id and r.type = ${type}${
      other ? ` and r.${them} = ${other}` : ''
    }${value.includeEnded ? '' : ' and r.ended_at is null'})`;
  const outgoing = side('from_party_id', 'to_party_id');
  const incoming = side('to_party_id', 'from_party_id');
  if (value.direction === 'outgoing') return outgoing;
  if (value.direction === 'incoming') return incoming;
  return `${outgoing} or ${incoming}`;
}

function partyDateSql(spec: FieldSpec, op: string, value: unknown, bind: Bind, today: string): string {
  let sql = 'exists (select 1 from core_party_date d where d.tenant_id = p.tenant_id and d.party_id = p.id';
  if (spec.dateKind) sql += ` and d.kind = ${bind(spec.dateKind)}`;
  if (op === 'inMonth') sql += ` and d.month = ${bind(value)}::smallint`;
  if (op === 'on') {
    const { month, day } = value as { month: number; day: number };
    sql += ` and d.month = ${bind(month)}::smallint and d.day = ${bind(day)}::smallint`;
  }
  if (op === 'withinNextDays')
    sql += ` and d.month * 100 + d.day = any(${bind(dayCodes(today, value as number))}::int[])`;
  return `${sql})`;
}

/**
 * Month × 100 + day of each day in the window starting on the calendar day `from` (`YYYY-MM-DD`);
 * 29 February counts on 28 February of other years.
 */
function dayCodes(from: string, days: number): number[] {
  const codes: number[] = [];
  const start = Date.parse(`${from}T00:00:00Z`);
  for (let i = 0; i <= days; i++) {
    const d = new Date(start + i * 86_400_000);
    const code = (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
    codes.push(code);
    const leap = new Date(Date.UTC(d.getUTCFullYear(), 1, 29)).getUTCMonth() === 1;
    if (code === 228 && !leap) codes.push(229);
  }
  return codes;
}

/** Escapes `%`, `_` and `\` so user text matches literally inside an ILIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
