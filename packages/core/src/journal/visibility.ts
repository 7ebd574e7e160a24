import type { TxContext } from '../kernel/context.js';
import { NotAllowedError, NotFoundError } from '../kernel/errors.js';
import { paramBinder, type Visibility, visibilityOf, visibilitySql } from '../organisation/access.js';
import { ENTRY_COLUMNS, type EntryRow, type JournalEntry, toEntry } from './entry.js';

/**
 * The SQL predicate (over the entry alias `e`) that one of the entry's parties is visible to the
 * actor, binding values into `params`. Lists, single reads and idempotent re-records share it.
 */
export function entryVisibilitySql(visibility: Visibility, params: unknown[]): string {
  if (visibility.all) return 'true';
  return `exists (select 1 from core_journal_party l join core_party p on p.tenant_id = l.tenant_id and p.id = l.party_id
    where l.tenant_id = e.tenant_id and l.entry_id = e.id and ${visibilitySql(visibility, 'p', paramBinder(params))})`;
}

/**
 * Reads an entry the actor may see: one of its parties must be visible to them. A missing entry is
 * not found; a hidden one not allowed.
 */
export async function requireVisibleEntry(tx: TxContext, id: string): Promise<JournalEntry> {
  const visibility = await visibilityOf(tx);
  const params: unknown[] = [tx.tenantId, id];
  const visible = entryVisibilitySql(visibility, params);
  const [row] = await tx.sql<EntryRow & { visible: boolean }>(
    `select ${ENTRY_COLUMNS}, ${visible} as visible from core_journal_entry e where e.tenant_id = $1 and e.id = $2`,
    params,
  );
  if (!row) throw new NotFoundError('Journal entry', id);
  if (!row.visible) throw new NotAllowedError(`Not allowed to read journal entry ${id}`, { id });
  return toEntry(row);
}

/**
 * Refuses (not allowed) unless the actor may see every one of the entries: used when recording
 * returns an entry that already existed under the same external id, which may be about parties the
 * recorder may not see.
 */
export async function assertVisibleEntries(tx: TxContext, ids: readonly string[]): Promise<void> {
  const visibility = await visibilityOf(tx);
  if (visibility.all || ids.length === 0) return;
  const params: unknown[] = [tx.tenantId, [...new Set(ids)]];
  const hidden = await tx.sql<{ id: string }>(
    `select e.id from core_journal_entry e where e.tenant_id = $1 and e.id = any($2::uuid[])
       and not ${entryVisibilitySql(visibility, params)}`,
    params,
  );
  if (hidden.length > 0) {
    throw new NotAllowedError(
      `An entry with the same external id was already recorded about parties you may not see (${hidden.map((h) => h.id).join(', ')})`,
      { ids: hidden.map((h) => h.id) },
    );
  }
}
