import type { TxContext } from '@rapport/core/plugin';
import type { DocumentStorage } from './document-storage.js';

/** What one sweep did. */
export interface OrphanSweepResult {
  /** Objects older than the grace period that were looked at. */
  checked: number;
  /** Keys (version ids) deleted: no version row refers to them. */
  deleted: string[];
}

const VERSION_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Deletes the tenant's objects that no version row refers to and that are older than `graceHours`
 * (the grace keeps objects of transactions still running): what a crash between the upload and the
 * rollback left behind. Only keys shaped like version ids are touched. Nothing to do for a storage
 * inside PostgreSQL.
 */
export async function sweepOrphans(
  tx: TxContext,
  storage: DocumentStorage,
  graceHours: number,
): Promise<OrphanSweepResult> {
  const result: OrphanSweepResult = { checked: 0, deleted: [] };
  if (!storage.listBefore || !storage.deleteMany) return result;
  const before = new Date(Date.now() - graceHours * 3_600_000);
  for await (const page of storage.listBefore(tx, before)) {
    const keys = page.filter((key) => VERSION_KEY.test(key));
    result.checked += keys.length;
    if (keys.length === 0) continue;
    const rows = await tx.sql<{ id: string }>(
      'select id from documents_version where tenant_id = $1 and id = any($2::uuid[])',
      [tx.tenantId, keys],
    );
    const kept = new Set(rows.map((r) => r.id));
    const orphans = keys.filter((key) => !kept.has(key));
    await storage.deleteMany(tx, orphans);
    result.deleted.push(...orphans);
  }
  return result;
}
