import type { TxContext } from '../kernel/context.js';
import { touched } from '../parties/merge-sql.js';
import type { RegisteredParticipation } from './registry.js';

/** What a statement that moves rows of a declared table records in its audit table. */
export interface MoveAudit {
  /** The audit `operation`: `merge`, `reassign`, `erase`. */
  operation: string;
  /** Extra keys of `changes`, e.g. `{ mergeId }`. */
  context: Record<string, string>;
}

/** `, version = version + 1, updated_at = clock_timestamp()` for a table that declares them. */
export function touchSql(entry: RegisteredParticipation): string {
  let sql = '';
  if (entry.version) sql += `, ${entry.version} = r.${entry.version} + 1`;
  if (entry.updatedAt) sql += `, ${entry.updatedAt} = clock_timestamp()`;
  return sql;
}

/**
 * Runs `update <table> r set <column> = <to> ... where <where>` and, when the table is audited, writes
 * one history row per moved row (`changes`: the column's old (`from`) and new value, plus the audit
 * context), all in one statement. `params` holds `$1` = tenant; `from`/`to`/`where` refer to them.
 * Returns the number of rows moved.
 */
export async function moveRows(
  tx: TxContext,
  entry: RegisteredParticipation,
  move: { column: string; from: string; to: string; where: string; params: unknown[]; audit: MoveAudit },
): Promise<number> {
  const params = [...move.params];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const update = `update ${entry.table} r set ${move.column} = ${move.to}${touchSql(entry)}
       where r.tenant_id = $1 and ${move.where}`;
  if (!entry.audit) return touched(tx, update, params);
  const updated = `${update}
       returning r.${entry.id} as id, ${move.from}::uuid as old_value, r.${move.column} as new_value`;
  const { table, key, at = 'at' } = entry.audit;
  const field = camel(move.column);
  const [row] = await tx.sql<{ n: number }>(
    `with moved as (${updated}), history as (
       insert into ${table} (tenant_id, id, ${key}, ${at}, actor, operation, changes)
       select $1, core_uuidv7(), id, clock_timestamp(), ${bind(JSON.stringify(tx.actor))}::jsonb, ${bind(move.audit.operation)},
         jsonb_build_object(${bind(field)}::text, jsonb_build_array(old_value, new_value)) || ${bind(JSON.stringify(move.audit.context))}::jsonb
       from moved
     )
     select count(*)::int as n from moved`,
    params,
  );
  return row?.n ?? 0;
}

/** `customer_id` → `customerId`. */
export function camel(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
